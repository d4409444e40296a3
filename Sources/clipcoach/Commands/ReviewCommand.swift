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

    /// Opens an existing catalog (never creates one by accident).
    static func openCatalog(_ path: String) throws(CatalogError) -> CatalogDatabase {
        try CatalogDatabase(path: path, mustExist: true)
    }
}

/// `--catalog PATH`, shared by the review commands.
struct ReviewCatalogOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The library catalog (default: $CLIPCOACH_CATALOG, else the nearest library.sqlite here or above).", valueName: "path"))
    var catalog: String?

    /// The SQLite catalog's path; a PostgreSQL URL is refused with one line (exit 69).
    func path() throws -> String { try LibraryCommandSupport.sqlitePath(catalog, command: "review") }
}
