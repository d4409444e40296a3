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

    @OptionGroup var server: ServerOptions

    @Option(name: .long, help: ArgumentHelp("Serve media only from under this folder (repeatable; default: any path without a symbolic link in it).",
                                            valueName: "folder"))
    var mediaRoot: [String] = []

    @OptionGroup var codebookOptions: CodebookOptions

    func run() async throws {
        global.bootstrap()
        let configuration: ReviewServerConfiguration
        let secret = try server.secret()
        let catalog = try catalogOption.location()
        do {
            configuration = ReviewServerConfiguration(
                catalog: catalog, mediaFolder: catalogOption.media, host: server.host, port: server.port, token: secret,
                codebook: try codebookOptions.load(), limits: server.limits,
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
}
