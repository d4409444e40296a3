import ArgumentParser
import Catalog
import ClipCoachCore
import ClipCoachKit
import Foundation

struct CycleCommand: ParsableCommand {
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
    @Option(name: .long, help: ArgumentHelp("The catalog file holding the cycles and the library (default library.sqlite, or $CLIPCOACH_CATALOG).", valueName: "path"))
    var catalog: String?

    @OptionGroup var codebookOptions: CodebookOptions

    /// The cycle store on the catalog (created and migrated unless `mustExist`).
    func store(mustExist: Bool = true) throws -> CycleStore {
        let path = try LibraryCommandSupport.sqlitePath(catalog, command: "cycle")
        do {
            return CycleStore(catalog: try CatalogDatabase.withCycles(path: path, mustExist: mustExist))
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
    static func fail(_ error: any Error) -> ExitCode {
        if let exit = error as? ExitCode { return exit }
        Output.problem("\(error)")
        return status(of: error).exitCode
    }

    /// Exit codes (docs/coaching-cycle.md): a request that breaks a rule by itself is 64,
    /// one that conflicts with the recorded cycle or catalog is 65.
    static func status(of error: any Error) -> ExitStatus {
        switch error {
        case let error as CycleError: status(of: error)
        case let error as CycleStoreError: status(of: error)
        case let error as CycleWorkflowError: status(of: error)
        default: ExitStatus(anyError: error)
        }
    }

    static func status(of error: CycleError) -> ExitStatus {
        switch error.kind {
        case .invalidRequest: .usage
        case .conflictsWithRecord: .badData
        }
    }

    static func status(of error: CycleStoreError) -> ExitStatus {
        switch error {
        case .rule(let rule): status(of: rule)
        case .catalog(let catalog): status(of: catalog)
        case .noSuchCycle: .noInput
        case .changedMeanwhile: .conflict
        case .readOnly: .unavailable
        case .notACatalogClipID: .badData
        }
    }

    static func status(of error: CatalogError) -> ExitStatus {
        switch error.kind {
        case .cannotOpen: .cannotCreate
        case .notFound, .noInput: .noInput
        case .busy: .conflict
        case .invalidQuery: .usage
        case .database, .writeFailed: .ioError
        case .newerSchema, .unreachable, .unsupported: .unavailable
        case .invalidMigration: .software
        case .accessDenied: .noPermission
        case .foreignDatabase: .badData
        }
    }

    static func status(of error: CycleWorkflowError) -> ExitStatus {
        switch error {
        case .store(let store): status(of: store)
        case .cut(let cut): ExitStatus(cut)
        case .sidecar(let sidecar): ExitStatus(sidecar)
        case .media(let media): ExitStatus(media)
        case .missingFile: .noInput
        case .exists, .outputFolder: .cannotCreate
        case .write: .ioError
        }
    }

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
