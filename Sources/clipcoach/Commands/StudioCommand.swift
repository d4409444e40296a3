import ArgumentParser
import ClipCoachCore
import Foundation
import Logging
import ReviewServer

struct StudioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "studio",
        abstract: "Serve the coach's studio: upload lessons, mark and cut clips, score, with the review pages.",
        discussion: """
        Lessons are the videos directly in the --lessons folders (uploads go to the first); \
        each gets a lesson sidecar with scoring segments and is catalogued (the catalog is \
        made if missing). Clips cut in the studio go to LESSON-clips/ beside the lesson. \
        Listens on 127.0.0.1 by default; any other --host needs a token. See docs/studio.md.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var catalogOption: ReviewCatalogOption

    @Option(name: .long, help: ArgumentHelp("A folder of lessons (repeatable).", valueName: "dir"))
    var lessons: [String] = []

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port (0: any free port; the one chosen is printed).")
    var port = 8080

    @Option(name: .long, help: ArgumentHelp("Token every API call must carry (required for a non-loopback --host).",
                                            valueName: "token"))
    var token: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp("Read the token from this file (first line), so it is not in the command line.",
                                                                valueName: "path"))
    var tokenFile: String?

    @Option(name: .customLong("max-upload"), help: "Largest upload: 8G, 500M, ... (default 8G).")
    var maxUpload = "8G"

    @OptionGroup var codebookOptions: CodebookOptions

    func validate() throws {
        guard StudioConfiguration.parseSize(maxUpload) != nil else { throw ValidationError("--max-upload: '\(maxUpload)' is not a size (8G, 500M)") }
        if token != nil && tokenFile != nil { throw ValidationError("give --token or --token-file, not both") }
    }

    func run() async throws {
        global.bootstrap()
        let configuration: StudioConfiguration
        let fileToken = try ReviewServeCommand.readTokenFile(tokenFile)
        do {
            let secret = fileToken ?? token ?? ProcessInfo.processInfo.environment[ReviewServerConfiguration.tokenVariable]
            let review = ReviewServerConfiguration(catalog: try catalogOption.location(), mediaFolder: catalogOption.media,
                                                   host: host, port: port, token: secret,
                                                   codebook: try codebookOptions.load())
            configuration = StudioConfiguration(review: review, lessonFolders: lessons,
                                                maxUpload: StudioConfiguration.parseSize(maxUpload) ?? StudioConfiguration.defaultMaxUpload)
        } catch {
            throw ReviewCommandSupport.fail(error)
        }
        do {
            try await runStudioServer(configuration, logger: Logger(label: "clipcoach.studio")) { url in
                Output.line("clipcoach studio: serving \(url)")
            }
        } catch {
            // One error shape: the failure's category picks the exit code (ExitStatus).
            throw reportFailure(error)
        }
    }
}
