import ArgumentParser
import Catalog
import ClipCoachCore
import ClipCoachKit
import Foundation

struct CycleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycle",
        abstract: "Coaching cycles: two clips of the teacher's lesson, one library clip, notes, an action plan.",
        discussion: """
        A cycle moves planned -> clips chosen -> conversation held -> action plan set -> \
        closed, one step at a time. It is stored in the library catalog (--catalog, default \
        library.sqlite). See docs/coaching-cycle.md.

          clipcoach cycle new --teacher "Ms R" --lesson l.mp4 \\
              --focus richness.explanations --grade 4          (prints ID)
          clipcoach cycle suggest ID
          clipcoach cycle pick ID --teacher-clip 0:04-1:34 \\
              --teacher-clip 1:40-2:30 --library-clip 7
          clipcoach cycle note ID --clip 1 --describe .. --elevate .. --next ..
          clipcoach cycle plan ID --goal .. --next-focus wwsm.student-contributions
          clipcoach cycle close ID
          clipcoach cycle export ID --out packet/
        """,
        subcommands: [
            CycleNewCommand.self,
            CycleSuggestCommand.self,
            CyclePickCommand.self,
            CycleNoteCommand.self,
            CyclePlanCommand.self,
            CycleCloseCommand.self,
            CycleShowCommand.self,
            CycleListCommand.self,
            CycleExportCommand.self,
        ]
    )
}

/// `--catalog PATH` and `--codebook FILE`, shared by the cycle commands.
struct CycleOptions: ParsableArguments {
    @Option(name: .customLong("catalog"),
            help: ArgumentHelp("The catalog holding the cycles and the library: a file, or postgresql://USER@HOST:PORT/DB (default: $CLIPCOACH_CATALOG, else the nearest library.sqlite here or above).",
                               valueName: "catalog"))
    var givenCatalog: String?

    @Option(name: .long, help: ArgumentHelp("A PostgreSQL catalog's shared media folder (default: $CLIPCOACH_MEDIA, else ./clipcoach.media).",
                                            valueName: "dir"))
    var media: String?

    @OptionGroup var codebookOptions: CodebookOptions

    /// The SQLite catalog file the options name, if they name one (nil for a PostgreSQL URL).
    var sqliteFile: String? {
        if case .sqlite(let path)? = try? CatalogLocation.resolve(givenCatalog) { return path }
        return nil
    }

    /// The cycle store on the catalog (created and migrated unless `mustExist`).
    func store(mustExist: Bool = true) async throws -> CycleStore {
        do {
            return CycleStore(catalog: try await OpenedCatalog.open(try LibraryCommandSupport.resolve(givenCatalog),
                                                                    mustExist: mustExist, mediaFolder: media))
        } catch {
            throw CycleCommandSupport.fail(CycleStoreError.catalog(error))
        }
    }

    func codebook() throws -> Codebook {
        do { return try codebookOptions.load() } catch { throw SidecarCommand.fail(error) }
    }
}

enum CycleCommandSupport {
    /// Prints the error's one line on stderr and returns the exit code to throw.
    /// Exit codes (docs/coaching-cycle.md): a request that breaks a rule by itself is 64,
    /// one that conflicts with the recorded cycle or catalog is 65 (`CycleError.category`).
    static func fail(_ error: any Error) -> ExitCode { reportFailure(error) }

    /// Runs a store step, printing its error and exiting with its code.
    static func run<T>(_ body: () throws(CycleStoreError) -> T) throws -> T {
        do { return try body() } catch { throw fail(error) }
    }

    static func run<T>(_ body: () throws(CycleWorkflowError) -> T) throws -> T {
        do { return try body() } catch { throw fail(error) }
    }

    /// A length option: `30s`, `6m`, `90`, `1:30`.
    static func length(_ text: String, option: String) throws -> Double {
        do { return try Timecode.parseDuration(text) } catch { throw ValidationError("\(option): \(error)") }
    }
}
