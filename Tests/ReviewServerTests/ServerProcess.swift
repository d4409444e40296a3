import Foundation
import Testing
import TestSupport

/// `clipcoach review serve` (or `clipcoach studio`) running in the background on a free port.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    /// `http://127.0.0.1:PORT/` (the studio's ends in `studio/`)
    private(set) var url = ""

    init(catalog: String, extraArguments: [String] = [], command: [String] = ["review", "serve"]) throws {
        process.executableURL = URL(fileURLWithPath: clipcoachBinary)
        process.arguments = command + ["--catalog", catalog, "--port", "0"] + extraArguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle.nullDevice
        try process.run()

        // The first line says where it listens: "clipcoach review: serving http://127.0.0.1:PORT/".
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        let reader = output.fileHandleForReading
        while !text.contains("\n") && Date() < deadline && process.isRunning {
            let chunk = reader.availableData
            if chunk.isEmpty { usleep(20_000) } else { text += String(decoding: chunk, as: UTF8.self) }
        }
        guard let range = text.range(of: "serving ") else {
            stop()
            throw FixtureError(text: "\(command.joined(separator: " ")) did not start: \(text)")
        }
        url = String(text[range.upperBound...].prefix { !$0.isNewline })
    }

    func stop() {
        guard process.isRunning else { return }
        process.interrupt()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}
