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

    @OptionGroup var server: ServerOptions

    @Option(name: .customLong("max-upload"), help: "Largest upload: 8G, 500M, ... (default 8G).")
    var maxUpload = "8G"

    @OptionGroup var codebookOptions: CodebookOptions

    func validate() throws {
        guard StudioConfiguration.parseSize(maxUpload) != nil else { throw ValidationError("--max-upload: '\(maxUpload)' is not a size (8G, 500M)") }
    }

    func run() async throws {
        global.bootstrap()
        let configuration: StudioConfiguration
        let secret = try server.secret()
        do {
            let review = ReviewServerConfiguration(catalog: try catalogOption.location(), mediaFolder: catalogOption.media,
                                                   host: server.host, port: server.port, token: secret,
                                                   codebook: try codebookOptions.load(), limits: server.limits)
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
