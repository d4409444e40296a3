import Foundation

/// The outcome of running a program to completion.
public struct RunResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// True when the program died on a signal (a crash) rather than exiting.
    public let signalled: Bool
    public let timedOut: Bool

    public var stdoutData: Data { Data(stdout.utf8) }
}

public enum RunError: Error, CustomStringConvertible {
    case launchFailed(String, String)
    public var description: String {
        switch self { case .launchFailed(let program, let why): "cannot run \(program): \(why)" }
    }
}

/// Runs a program with arguments, capturing output, killing it after `timeout` seconds.
public func run(_ program: String, _ arguments: [String], timeout: TimeInterval = 120,
                environment: [String: String]? = nil, currentDirectory: URL? = nil) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program.hasPrefix("/") ? program : "/usr/bin/env")
    process.arguments = program.hasPrefix("/") ? arguments : [program] + arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let outPipe = Pipe(), errPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch { throw RunError.launchFailed(program, "\(error)") }

    // Drain both pipes while the program runs so a chatty program never blocks.
    let collector = OutputCollector()
    let group = DispatchGroup()
    for (pipe, isOut) in [(outPipe, true), (errPipe, false)] {
        group.enter()
        DispatchQueue.global().async {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            collector.set(data, isOut: isOut)
            group.leave()
        }
    }
    let deadline = Date().addingTimeInterval(timeout)
    var timedOut = false
    while process.isRunning {
        if Date() > deadline { timedOut = true; process.terminate(); kill(process.processIdentifier, SIGKILL); break }
        usleep(5_000)
    }
    process.waitUntilExit()
    group.wait()
    return RunResult(status: process.terminationStatus,
                     stdout: String(decoding: collector.out, as: UTF8.self),
                     stderr: String(decoding: collector.err, as: UTF8.self),
                     signalled: process.terminationReason == .uncaughtSignal,
                     timedOut: timedOut)
}

private final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var out = Data()
    private(set) var err = Data()
    func set(_ data: Data, isOut: Bool) {
        lock.withLock { if isOut { out = data } else { err = data } }
    }
}

/// The built `clipcoach` binary, beside the test bundle (or $CLIPCOACH_BIN).
public var clipcoachBinary: String {
    if let override = ProcessInfo.processInfo.environment["CLIPCOACH_BIN"] { return override }
    let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = testBinary.deletingLastPathComponent()
    // On Linux the test runner is .build/<triple>/debug/ClipCoachPackageTests.xctest
    while folder.path != "/" {
        let candidate = folder.appendingPathComponent("clipcoach")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
        folder = folder.deletingLastPathComponent()
    }
    return Fixtures.root.appendingPathComponent(".build/debug/clipcoach").path
}

/// Runs the built `clipcoach` binary.
public func clipcoach(_ arguments: String..., timeout: TimeInterval = 120) throws -> RunResult {
    try run(clipcoachBinary, arguments, timeout: timeout)
}

public func clipcoach(arguments: [String], timeout: TimeInterval = 120) throws -> RunResult {
    try run(clipcoachBinary, arguments, timeout: timeout)
}
