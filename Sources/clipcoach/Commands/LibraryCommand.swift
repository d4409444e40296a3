import ArgumentParser
import Catalog
import ClipCoachCore
import Foundation

struct LibraryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "library",
        abstract: "The video library catalog: ingest folders, search clips by MQI code, show, stats.",
        discussion: """
        The catalog is one SQLite file (default library.sqlite in the current folder, \
        --catalog PATH) with a managed folder beside it (library.media/) holding each \
        video's poster and keyframe thumbnails. See docs/catalog.md.

          clipcoach library ingest clips/ lessons/ --jobs 2
          clipcoach library search --code richness.explanations --min-score mid --grade 4
          clipcoach library search --code errors.imprecision --min-score low   (low or not present)
          clipcoach library show 12
          clipcoach library stats
        """,
        subcommands: [
            LibraryIngestCommand.self,
            LibrarySearchCommand.self,
            LibraryShowCommand.self,
            LibraryStatsCommand.self,
            LibraryDumpCommand.self,
            LibrarySynthesizeCommand.self,
        ]
    )
}

/// `--catalog PATH`, shared by the library commands.
struct CatalogOptions: ParsableArguments {
    @Option(name: .customLong("catalog"),
            help: ArgumentHelp("The catalog file (default: $CLIPCOACH_CATALOG, else the nearest library.sqlite here or above).",
                               valueName: "path"))
    var givenCatalog: String?

    var catalog: String { CatalogLocation.resolve(givenCatalog) }

    /// Opens (and migrates) the catalog; `mustExist` for commands that only read.
    func open(mustExist: Bool) throws -> CatalogDatabase {
        do {
            return try CatalogDatabase(path: catalog, mustExist: mustExist)
        } catch {
            throw LibraryCommandSupport.fail(error)
        }
    }
}

enum LibraryCommandSupport {
    /// Prints the catalog error's one line and returns the exit code to throw.
    static func fail(_ error: CatalogError) -> ExitCode { reportFailure(error) }

    /// The codebooks to rank with: the built-in MQI one, plus `--codebook FILE` if given.
    static func codebooks(_ options: CodebookOptions) throws -> CodebookSet {
        guard let path = options.codebook else { return CodebookSet() }
        do {
            return CodebookSet(extra: [try Codebook.load(path: path)])
        } catch {
            throw reportFailure(error)
        }
    }

    /// `12.500` or `12:05.250`: seconds for short spans, a timecode past a minute.
    static func time(_ seconds: Double?) -> String {
        guard let seconds else { return "?" }
        return Timecode.format(seconds)
    }
}

