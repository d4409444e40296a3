import ArgumentParser
import ClipCoachCore
import Foundation
import Interchange

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read annotations from an OTIO, ELAN or CSV file into a clip or lesson sidecar.",
        discussion: """
        FORMAT is otio (markers written by `clipcoach export otio`), eaf (ELAN tiers named \
        RATER | ROLE | CODE, as `clipcoach export eaf` writes them; files saved by ELAN are fine) \
        or csv-annotations (rows as `clipcoach export csv-annotations` writes them; only rows \
        for this sidecar, or with no sidecar column).

        Everything is checked before anything is saved: types, codes and score points against \
        the codebook, times within the clip or lesson. Any problem stops the import with exit \
        65 and one line naming the line or element; the sidecar is left as it was. Annotations \
        whose id is new are added; ones equal to the sidecar's are left alone; ones that differ \
        are handled by --existing (default: update them).
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The format to read: otio, eaf, csv-annotations.", valueName: "format"))
    var format: ImportFormat

    @Argument(help: ArgumentHelp("The file to read.", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("The clip or lesson sidecar to add the annotations to.", valueName: "sidecar"))
    var into: String

    @Option(name: .long, help: ArgumentHelp("For an id the sidecar has, with other content: update, keep or fail.",
                                            valueName: "policy"))
    var existing: ExistingAnnotationPolicy = .update

    @Flag(name: .long, help: "Check and report what would change; save nothing.")
    var dryRun = false

    @OptionGroup var codebookOptions: CodebookOptions

    @Flag(help: "Print the outcome as JSON.")
    var json = false

    func run() throws {
        global.bootstrap()
        do {
            let result = try Importer.run(format, file: file, into: into, codebook: InterchangeCommand.codebook(codebookOptions),
                                          policy: existing, dryRun: dryRun)
            for note in result.notes { Output.warning("\(file): \(note)") }
            let report = ImportReport(file: file, sidecar: into, format: format.rawValue, plan: result.plan,
                                      revision: result.revision, saved: result.saved, dryRun: dryRun, notes: result.notes)
            if json { try Output.json(report) } else { report.lines.forEach { Output.line($0) } }
        } catch {
            throw InterchangeCommand.fail(error)
        }
    }
}

/// `import --json`: what changed.
struct ImportReport: Encodable {
    let file: String
    let sidecar: String
    let format: String
    let added: [String]
    let updated: [String]
    let unchanged: [String]
    let kept: [String]
    /// Annotations the sidecar changed after the file's version: left alone.
    let conflicts: [ImportPlan.Change]
    /// Each update, field by field, old -> new.
    let changes: [ImportPlan.Change]
    let revision: Int
    let saved: Bool
    let dryRun: Bool
    let notes: [String]

    init(file: String, sidecar: String, format: String, plan: ImportPlan, revision: Int, saved: Bool, dryRun: Bool, notes: [String]) {
        self.file = file
        self.sidecar = sidecar
        self.format = format
        added = plan.added
        updated = plan.updated
        unchanged = plan.unchanged
        kept = plan.kept
        conflicts = plan.conflicts
        changes = plan.changes
        self.revision = revision
        self.saved = saved
        self.dryRun = dryRun
        self.notes = notes
    }

    var text: String {
        var counts = "\(added.count) added, \(updated.count) updated, \(unchanged.count) unchanged"
        if !kept.isEmpty { counts += ", \(kept.count) kept as they were" }
        if !conflicts.isEmpty { counts += ", \(conflicts.count) conflict\(conflicts.count == 1 ? "" : "s") left alone" }
        let outcome = dryRun ? "dry run, nothing saved" : saved ? "saved, revision \(revision)" : "nothing to save"
        return "\(file) -> \(sidecar): \(counts) (\(outcome))"
    }

    /// The summary, then one line per change and per conflict.
    var lines: [String] {
        func describe(_ change: ImportPlan.Change) -> String {
            change.fields.map { "\($0.field) \($0.old) -> \($0.new)" }.joined(separator: ", ")
        }
        return [text]
            + changes.map { "  updated \($0.id): \(describe($0))" }
            + conflicts.map { conflict in
                let version = [conflict.fileTime, conflict.fileRevision.map { "revision \($0)" }].compactMap { $0 }
                let why = version.isEmpty
                    ? "the file does not say which version it holds (no time, no revision)"
                    : "the sidecar changed it at \(conflict.sidecarUpdatedAt), after the file's version (\(version.joined(separator: ", ")))"
                return "  conflict \(conflict.id) (\(conflict.origin)): \(why); kept the sidecar's, not \(describe(conflict))"
            }
    }
}
