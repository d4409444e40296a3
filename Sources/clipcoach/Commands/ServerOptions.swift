import ArgumentParser
import ClipCoachCore
import Foundation
import ReviewServer

/// Where a server listens, its token, and how long and how slowly a client may hold a
/// connection: the same flags on `review serve` and `studio` (see ConnectionLimits).
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port (0: any free port; the one chosen is printed).")
    var port = 8080

    @Option(name: .long, help: ArgumentHelp("Token every API call must carry (required for a non-loopback --host).",
                                            valueName: "token"))
    var token: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp(
        "Read the token from this file (first line), so it is not in the command line.", valueName: "path"))
    var tokenFile: String?

    @Option(name: .long, help: "Seconds a connection may take to send a request, or sit idle, before it is closed.")
    var idleTimeout = ConnectionLimits.defaultIdleTimeout

    @Option(name: .long, help: "Seconds an answer may wait for a client that reads nothing before the connection is closed.")
    var writeTimeout = ConnectionLimits.defaultWriteTimeout

    @Option(name: .customLong("min-download-rate"), help: ArgumentHelp(
        "Bytes a second a client must take of a large answer it holds back (measured over --write-timeout).",
        valueName: "bytes"))
    var minimumReadRate = ConnectionLimits.defaultMinimumReadRate

    @Option(name: .long, help: "Most connections open at once (more wait until one closes).")
    var maxConnections = ConnectionLimits.defaultMaxConnections

    func validate() throws {
        if token != nil && tokenFile != nil { throw ValidationError("give --token or --token-file, not both") }
    }

    var limits: ConnectionLimits {
        ConnectionLimits(idleTimeout: idleTimeout, writeTimeout: writeTimeout, maxConnections: maxConnections,
                         minimumReadRate: minimumReadRate)
    }

    /// The token: `--token-file`'s, else `--token`, else the environment's; nil for none.
    func secret() throws -> String? {
        try Self.readTokenFile(tokenFile) ?? token ?? ProcessInfo.processInfo.environment[ReviewServerConfiguration.tokenVariable]
    }

    /// Largest token file read: a token is one short line; a bigger "file" (or a device, a
    /// FIFO that never ends) is refused rather than read.
    static let maxTokenFileSize = 4096

    /// `--token-file`'s first line (shared with `studio`).
    static func readTokenFile(_ tokenFile: String?) throws -> String? {
        guard let tokenFile else { return nil }
        // O_NONBLOCK: opening a FIFO must not wait for a writer before it can be refused.
        let descriptor = open(tokenFile, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        let handle = descriptor >= 0 ? FileHandle(fileDescriptor: descriptor, closeOnDealloc: true) : nil
        var status = stat()
        guard let handle, fstat(descriptor, &status) == 0 else {
            Output.problem("--token-file: cannot read \(SafeText.escaped(tokenFile))")
            throw ExitStatus.noInput.exitCode
        }
        defer { try? handle.close() }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            Output.problem("--token-file: \(SafeText.escaped(tokenFile)) is not a regular file")
            throw ExitStatus.usage.exitCode
        }
        let data = (try? handle.read(upToCount: Self.maxTokenFileSize + 1)) ?? Data()
        guard data.count <= Self.maxTokenFileSize, let text = String(data: data, encoding: .utf8) else {
            Output.problem("--token-file: \(SafeText.escaped(tokenFile)) is not a short text file (at most \(Self.maxTokenFileSize) bytes)")
            throw ExitStatus.usage.exitCode
        }
        let line = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !line.isEmpty else {
            Output.problem("--token-file: \(tokenFile) is empty")
            throw ExitStatus.usage.exitCode
        }
        return line
    }
}
