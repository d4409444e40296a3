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
            LibrarySyncCommand.self,
        ]
    )
}

/// `--catalog PATH|URL` and `--media DIR`, shared by the library commands.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The catalog: a file or postgresql://USER@HOST:PORT/DB (default: $CLIPCOACH_CATALOG, else the nearest library.sqlite here or above).",
        valueName: "path|url"))
    var catalog: String?

    @Option(name: .long, help: ArgumentHelp(
        "A PostgreSQL catalog's shared media folder (default $CLIPCOACH_MEDIA, else ./clipcoach.media).", valueName: "dir"))
    var media: String?

    /// Where the catalog is: `--catalog`, else `CLIPCOACH_CATALOG`, else library.sqlite.
    func location() throws -> CatalogLocation {
        do {
            return try LibraryCommandSupport.resolve(catalog)
        } catch {
            throw LibraryCommandSupport.fail(error)
        }
    }

    /// Opens (and migrates) the catalog, SQLite or PostgreSQL; `mustExist` for commands that only read.
    func openAny(mustExist: Bool) async throws -> OpenedCatalog {
        do {
            return try await OpenedCatalog.open(try location(), mustExist: mustExist, mediaFolder: media)
        } catch let error as CatalogError {
            throw LibraryCommandSupport.fail(error)
        }
    }

    /// Opens an SQLite catalog, for the commands that work on SQLite only so far.
    func open(mustExist: Bool, command: String = "library") throws -> CatalogDatabase {
        switch try location() {
        case .sqlite(let path):
            do {
                return try CatalogDatabase(path: path, mustExist: mustExist)
            } catch {
                throw LibraryCommandSupport.fail(error)
            }
        case .postgres(let url):
            throw LibraryCommandSupport.fail(CatalogError(.unsupported, path: url.redacted, message:
                "`clipcoach \(command)` needs an SQLite catalog in this version; copy this one to a file with `clipcoach library sync --from \(url.redacted) --to FILE`"))
        }
    }
}

enum LibraryCommandSupport {
    /// The SQLite catalog a command that works on SQLite only should open: `given`, else
    /// `CLIPCOACH_CATALOG`, else library.sqlite. A PostgreSQL URL stops it with one line (exit 69).
    static func sqlitePath(_ given: String?, command: String) throws -> String {
        let location: CatalogLocation
        do { location = try resolve(given) } catch { throw fail(error) }
        switch location {
        case .sqlite(let path): return path
        case .postgres(let url):
            throw fail(CatalogError(.unsupported, path: url.redacted, message:
                "`clipcoach \(command)` needs an SQLite catalog in this version; copy this one to a file with `clipcoach library sync --from \(url.redacted) --to FILE`"))
        }
    }

    /// The catalog `--catalog` or the environment names, else the nearest library.sqlite;
    /// `--verbose` says which one and why.
    static func resolve(_ given: String?) throws(CatalogError) -> CatalogLocation {
        let (location, source) = try CatalogLocation.resolveWithSource(given)
        let why = switch source {
        case .given: "named by --catalog"
        case .environment: "named by $\(CatalogLocation.environmentVariable)"
        case .fallback: "the command's default"
        case .found(let folder): "the nearest library.sqlite, found in \(folder)"
        case .newHere: "no library.sqlite here or in a parent folder: a new one here"
        }
        LoggingSetup.note("catalog \(location) (\(why))")
        return location
    }

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

