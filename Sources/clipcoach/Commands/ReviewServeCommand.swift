import ArgumentParser
import ClipCoachCore
import Foundation
import Logging
import ReviewServer

struct ReviewServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the review page and its JSON API for a catalog.",
        discussion: """
        Listens on 127.0.0.1 by default. Any other --host needs --token (or \
        \(ReviewServerConfiguration.tokenVariable)); then every /api/ call must carry it \
        (Authorization: Bearer TOKEN; open the page once as http://HOST:PORT/?token=TOKEN: the \
        browser then keeps a session cookie and the token leaves the address). Prefer \
        --token-file over --token: other users of the machine can read command lines (ps). \
        Prints the address it serves on, then runs until interrupted (Ctrl-C).
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var catalogOption: ReviewCatalogOption

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port (0: any free port; the one chosen is printed).")
    var port = 8080

    @Option(name: .long, help: ArgumentHelp("Token every API call must carry (required for a non-loopback --host).",
                                            valueName: "token"))
    var token: String?

    @Option(name: .long, help: ArgumentHelp("Read the token from this file (first line), so it is not in the command line.",
                                            valueName: "path"))
    var tokenFile: String?

    @Option(name: .long, help: "Seconds a connection may take to send a request, or sit idle, before it is closed.")
    var idleTimeout = ConnectionLimits.defaultIdleTimeout

    @Option(name: .long, help: "Seconds an answer may wait for a client that reads nothing before the connection is closed.")
    var writeTimeout = ConnectionLimits.defaultWriteTimeout

    @Option(name: .long, help: "Most connections open at once (more wait until one closes).")
    var maxConnections = ConnectionLimits.defaultMaxConnections

    @Option(name: .long, help: ArgumentHelp("Serve media only from under this folder (repeatable; default: any path without a symbolic link in it).",
                                            valueName: "folder"))
    var mediaRoot: [String] = []

    @OptionGroup var codebookOptions: CodebookOptions

    func run() async throws {
        global.bootstrap()
        let configuration: ReviewServerConfiguration
        let fileToken = try Self.readTokenFile(tokenFile)
        let catalog = try catalogOption.location()
        do {
            configuration = ReviewServerConfiguration(
                catalog: catalog, mediaFolder: catalogOption.media, host: host, port: port,
                token: fileToken ?? token ?? ProcessInfo.processInfo.environment[ReviewServerConfiguration.tokenVariable],
                codebook: try codebookOptions.load(),
                limits: ConnectionLimits(idleTimeout: idleTimeout, writeTimeout: writeTimeout, maxConnections: maxConnections),
                mediaRoots: mediaRoot.isEmpty ? ["/"] : mediaRoot)
        } catch {
            throw ReviewCommandSupport.fail(error)
        }
        do {
            try await runReviewServer(configuration, logger: Logger(label: "clipcoach.review")) { url in
                Output.line("clipcoach review: serving \(url)")
            }
        } catch {
            throw ReviewCommandSupport.fail(error)
        }
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
