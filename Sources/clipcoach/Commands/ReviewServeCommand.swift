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
        (Authorization: Bearer TOKEN; open the page once as http://HOST:PORT/?token=TOKEN). \
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

    @OptionGroup var codebookOptions: CodebookOptions

    func run() async throws {
        global.bootstrap()
        let configuration: ReviewServerConfiguration
        do {
            configuration = ReviewServerConfiguration(
                catalogPath: try catalogOption.path(), host: host, port: port,
                token: token ?? ProcessInfo.processInfo.environment[ReviewServerConfiguration.tokenVariable],
                codebook: try codebookOptions.load())
        } catch {
            throw ReviewCommandSupport.fail(error)
        }
        do {
            try await runReviewServer(configuration, logger: Logger(label: "clipcoach.review")) { url in
                Output.line("clipcoach review: serving \(url)")
            }
        } catch let error as ReviewServerError {
            Output.problem(error.description)
            let setup: Bool = if case .setup = error { true } else { false }
            throw (setup ? ExitStatus.usage : ExitStatus.noInput).exitCode
        } catch {
            Output.problem("review server: \(error)")
            throw ExitStatus.failure.exitCode
        }
    }
}
