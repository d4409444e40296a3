import Foundation
import Testing
import TestSupport

/// An installed clipcoach is one file: the codebook, schemas and review page travel inside
/// it. These run the built binary from an empty folder with the build folder's resource
/// bundles moved away, the way a copied or packaged binary runs on a coach's machine.
@Suite(.serialized) struct InstallCLITests {
    /// Copies the built binary into a fresh folder and hides every `*.resources` bundle of
    /// the build folder while `body` runs (put back afterwards, even on failure).
    static func withLoneBinary(_ body: (String) throws -> Void) throws {
        let built = URL(fileURLWithPath: clipcoachBinary)
        let buildFolder = built.deletingLastPathComponent()
        let lone = try Fixtures.temporaryFolder("clipcoach-lone")
        defer { try? FileManager.default.removeItem(at: lone) }
        let copy = lone.appendingPathComponent("clipcoach")
        try FileManager.default.copyItem(at: built, to: copy)

        let hidden = try Fixtures.temporaryFolder("clipcoach-hidden-bundles")
        let bundles = try FileManager.default.contentsOfDirectory(atPath: buildFolder.path)
            .filter { $0.hasSuffix(".resources") }
        var moved: [(from: URL, to: URL)] = []
        defer {
            for move in moved { try? FileManager.default.moveItem(at: move.to, to: move.from) }
            try? FileManager.default.removeItem(at: hidden)
        }
        for name in bundles {
            let from = buildFolder.appendingPathComponent(name), to = hidden.appendingPathComponent(name)
            try FileManager.default.moveItem(at: from, to: to)
            moved.append((from, to))
        }
        try body(copy.path)
    }

    @Test func loneBinaryPrintsTheBuiltInCodebook() throws {
        try Self.withLoneBinary { binary in
            let result = try run(binary, ["codebook"], currentDirectory: URL(fileURLWithPath: "/"))
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(!result.stderr.contains("resource bundle"))
            #expect(result.stdout.contains("richness"), "the MQI codes: \(result.stdout.prefix(300))")
        }
    }

    @Test func loneBinaryPrintsTheSidecarSchema() throws {
        try Self.withLoneBinary { binary in
            let result = try run(binary, ["codebook", "--schema", "sidecar"])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let shipped = try String(contentsOf: Fixtures.root.appendingPathComponent("Schemas/sidecar-v1.schema.json"),
                                     encoding: .utf8)
            #expect(result.stdout == shipped)
        }
    }

    @Test func loneBinaryServesTheReviewPage() throws {
        try Self.withLoneBinary { binary in
            let folder = try Fixtures.temporaryFolder("clipcoach-lone-serve")
            defer { try? FileManager.default.removeItem(at: folder) }
            let catalog = folder.appendingPathComponent("library.sqlite").path
            let ingest = try run(binary, ["library", "ingest", folder.path, "--catalog", catalog])
            #expect(ingest.status == 0, "stderr: \(ingest.stderr)")

            let server = try ServerProcess(binary, ["review", "serve", "--catalog", catalog, "--port", "0"])
            defer { server.stop() }
            let base = try #require(server.url, "no address printed; stderr: \(server.stderrSoFar)")
            for (path, expected) in [("", "<html"), ("clip.js", "function"), ("style.css", "{")] {
                let page = try run("curl", ["-sS", "-D", "-", base + path], timeout: 20)
                #expect(page.status == 0, "curl \(path): \(page.stderr)")
                #expect(page.stdout.hasPrefix("HTTP/1.1 200"), "\(path): \(page.stdout.prefix(200))")
                #expect(page.stdout.contains(expected), "\(path) body")
            }
            let page = try run("curl", ["-sS", "-D", "-", base], timeout: 20)
            #expect(page.stdout.lowercased().contains("content-type: text/html"))
            let missing = try run("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", base + "no-such-file.js"], timeout: 20)
            #expect(missing.stdout == "404")
        }
    }
}

/// A long-running clipcoach (the review server): started, its printed address read, stopped.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    private let stdout = Pipe(), stderr = Pipe()
    private(set) var url: String?

    init(_ binary: String, _ arguments: [String], timeout: TimeInterval = 30) throws {
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read the first line ("clipcoach review: serving http://127.0.0.1:PORT/") on another
        // thread; give up after `timeout` (stopping the server ends that read too).
        let handle = stdout.fileHandleForReading
        let box = LineBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            box.set(String(decoding: line, as: UTF8.self))
            done.signal()
        }
        if done.wait(timeout: .now() + timeout) == .timedOut { stop(); done.wait() }
        let text = box.get()
        if let range = text.range(of: "http://") {
            url = String(text[range.lowerBound...].prefix { !$0.isWhitespace })
        }
    }

    var stderrSoFar: String {
        guard !process.isRunning else { return "(still running)" }
        return String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

private final class LineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    func set(_ value: String) { lock.withLock { text = value } }
    func get() -> String { lock.withLock { text } }
}
