import ArgumentParser
import Catalog
import ClipCoachCore
import ClipCoachKit
import Foundation

struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Set a sidecar's context: teacher, grade, topic, lesson date, free tags.",
        discussion: """
        Only the fields given change; an empty value clears one (--teacher ''). Tags are \
        added (--tag, repeatable, kept once) or removed (--untag). With no options, prints \
        the current context without saving. \
        --sharing sets who may see the clip or lesson: private (the default: its own teacher's \
        cycles and the coaches), coaching (also raters), library (cleared to show other teachers); \
        who set it and when goes to the sidecar's sharing trail.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The sidecar (clip-01.json, lesson.json).")
    var sidecar: String

    @Option(name: .long, help: "The teacher's name.")
    var teacher: String?

    @Option(name: .long, help: "The grade: 4, K, Algebra I...")
    var grade: String?

    @Option(name: .long, help: "The mathematical topic.")
    var topic: String?

    @Option(name: .long, help: ArgumentHelp("The day the lesson was taught.", valueName: "YYYY-MM-DD"))
    var date: String?

    @Option(name: .long, help: "Add a free tag (repeatable).")
    var tag: [String] = []

    @Option(name: .long, help: "Remove a free tag (repeatable).")
    var untag: [String] = []

    @Option(name: .long, help: "Sharing status: private, coaching or library.")
    var sharing: SharingStatus?

    @Option(name: .long, help: ArgumentHelp("What the consent covers (form, date, scope), kept with the status.", valueName: "text"))
    var consentNote: String?

    @Option(name: .long, help: "Who sets the sharing status (default: the login name).")
    var by: String?

    @Option(name: .long, help: ArgumentHelp(
        "With --sharing: the catalog to update at once, when it exists (default: $CLIPCOACH_CATALOG, else the nearest library.sqlite here or above).",
        valueName: "path"))
    var catalog: String?

    @OptionGroup var codebookOptions: CodebookOptions

    @Flag(help: "Print the resulting context as JSON.")
    var json = false

    /// The options as one change for `TagService`.
    var change: TagService.Change {
        TagService.Change(teacher: teacher, grade: grade, topic: topic, lessonDate: date, addTags: tag, removeTags: untag,
                          sharing: sharing, consentNote: consentNote,
                          by: by.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } ?? SidecarCommand.loginName)
    }

    func run() throws {
        global.bootstrap()
        let url = SidecarCommand.url(sidecar)
        let result: Sidecar
        do {
            let change = change
            if change.changesSomething {
                let read = try SidecarStore.read(url)
                // A sidecar with annotations of a codebook we cannot load is not ours to rewrite.
                guard let codebook = try codebookOptions.load(for: read) else {
                    throw SidecarError(.unknownCodebook, path: sidecar, field: "codebook.id",
                                       message: "unknown codebook '\(read.codebook?.id ?? "")'", remedy: .codebookFile)
                }
                // A sharing change goes to the catalog too, when there is one.
                var database: CatalogDatabase?
                if change.sharing != nil {
                    let path = try LibraryCommandSupport.sqlitePath(catalog, command: "tag")
                    if FileManager.default.fileExists(atPath: path) {
                        do { database = try CatalogDatabase(path: path, mustExist: true) } catch { throw LibraryCommandSupport.fail(error) }
                    }
                }
                result = try TagService.apply(change, at: url, codebook: codebook, catalog: database)
            } else {
                result = try SidecarStore.read(url)
            }
        } catch {
            throw SidecarCommand.fail(error)
        }
        if json {
            try Output.json(TagResult(path: sidecar, revision: result.revision, context: result.context,
                                      sharing: result.sharing))
        } else {
            Output.line("\(sidecar): revision \(result.revision)")
            let context = result.context
            let rows: [[String]] = [
                ["teacher", context.teacher ?? "-"], ["grade", context.grade ?? "-"], ["topic", context.topic ?? "-"],
                ["date", context.lessonDate ?? "-"], ["tags", context.tags.isEmpty ? "-" : context.tags.joined(separator: ", ")],
                ["sharing", result.sharingStatus.rawValue + (result.sharing.consentNote.map { " (\($0))" } ?? "")],
            ]
            TextColumns.render(rows, indent: "  ").forEach { Output.line($0) }
        }
    }
}

struct TagResult: Encodable {
    let path: String
    let revision: Int
    let context: Sidecar.Context
    let sharing: SharingRecord
}

extension SharingStatus: ExpressibleByArgument {}
