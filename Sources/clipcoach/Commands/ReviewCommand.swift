import ArgumentParser
import Catalog
import ClipCoachCore
import Foundation

/// `clipcoach review`: the review workflow, double-scoring agreement and the review page.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review annotation sets, measure rater agreement, serve the review page.",
        discussion: """
        An annotation set is a clip's annotations, or a lesson's annotations of one scoring \
        segment (--segment N), or a lesson's whole-lesson codes. Sets move draft -> submitted \
        -> accepted or changesRequested (-> submitted again); every step is kept in the \
        sidecar's audit trail. See docs/review.md.
        """,
        subcommands: [
            ReviewSubmitCommand.self,
            ReviewAcceptCommand.self,
            ReviewRequestChangesCommand.self,
            ReviewQueueCommand.self,
            ReviewAgreementCommand.self,
            ReviewServeCommand.self,
        ]
    )
}

enum ReviewCommandSupport {
    /// Prints the error's line on stderr and returns the exit code to throw.
    static func fail(_ error: any Error) -> ExitCode { reportFailure(error) }

    /// Opens an existing catalog, a file or a PostgreSQL URL (never creates a file by accident).
    static func openCatalog(_ given: String?, media: String? = nil) async throws(CatalogError) -> OpenedCatalog {
        try await OpenedCatalog.open(try LibraryCommandSupport.resolve(given), mustExist: true, mediaFolder: media)
    }
}

/// `--catalog FILE|URL` and `--media DIR`, shared by the review commands and the studio.
struct ReviewCatalogOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The library catalog: a file, or postgresql://USER@HOST:PORT/DB (default: $CLIPCOACH_CATALOG, else the nearest library.sqlite here or above).",
                                            valueName: "catalog"))
    var catalog: String?

    @Option(name: .long, help: ArgumentHelp("A PostgreSQL catalog's shared media folder (default: $CLIPCOACH_MEDIA, else ./clipcoach.media).",
                                            valueName: "dir"))
    var media: String?

    /// Where the catalog is: `--catalog`, else `CLIPCOACH_CATALOG`, else the nearest library.sqlite.
    func location() throws -> CatalogLocation {
        do { return try LibraryCommandSupport.resolve(catalog) } catch { throw ReviewCommandSupport.fail(error) }
    }

    /// The opened catalog (it must exist); its error's line is printed.
    func open() async throws -> OpenedCatalog {
        do { return try await ReviewCommandSupport.openCatalog(catalog, media: media) } catch {
            throw ReviewCommandSupport.fail(error)
        }
    }

    /// Runs `body` on the opened catalog, then closes it (a PostgreSQL catalog's connections).
    func with<T>(_ body: (OpenedCatalog) throws -> T) async throws -> T {
        let opened = try await open()
        let result = Result { try body(opened) }
        await opened.close()
        return try result.get()
    }
}
