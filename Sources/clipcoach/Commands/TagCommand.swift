import Catalog
import ArgumentParser
import ClipCoachCore
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

    @Option(name: .long, help: ArgumentHelp("With --sharing: the catalog to update at once, when it exists (search and cycles read it).", valueName: "path"))
    var catalog: String = CatalogDatabase.defaultFileName

    @OptionGroup var codebookOptions: CodebookOptions

    @Flag(help: "Print the resulting context as JSON.")
    var json = false

    var changesSomething: Bool {
        [teacher, grade, topic, date].contains { $0 != nil } || !tag.isEmpty || !untag.isEmpty || sharing != nil
    }

    func validate() throws {
        if let date, !date.isEmpty, !Sidecar.Context.isCalendarDate(date) {
            throw ValidationError("--date '\(date)' is not a date YYYY-MM-DD")
        }
        if tag.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("--tag is empty")
        }
        if consentNote != nil && sharing == nil { throw ValidationError("--consent-note goes with --sharing") }
        if let consentNote, let problem = SafeText.problem(inNote: consentNote, field: "--consent-note") {
            throw ValidationError(problem)
        }
        let named = [("--teacher", teacher), ("--grade", grade), ("--topic", topic), ("--by", by)] + tag.map { ("--tag", Optional($0)) }
        for (field, value) in named {
            if let value, let problem = SafeText.problem(inName: value, field: field) { throw ValidationError(problem) }
        }
    }

    func run() throws {
        global.bootstrap()
        let url = SidecarCommand.url(sidecar)
        let result: Sidecar
        do {
            if changesSomething {
                let read = try SidecarStore.read(url)
                // A sidecar with annotations of a codebook we cannot load is not ours to rewrite.
                guard let codebook = try codebookOptions.load(for: read) else {
                    throw SidecarError(.unknownCodebook, path: sidecar, field: "codebook.id",
                                       message: "unknown codebook '\(read.codebook?.id ?? "")' (pass --codebook FILE)")
                }
                let person = sharingPerson
                let save = { () throws(SidecarError) -> Sidecar in
                    try SidecarStore.update(at: url, codebook: codebook) { sidecar throws(SidecarError) in
                        apply(to: &sidecar.context)
                        if let sharing, sharing != sidecar.sharingStatus || consentNote != nil {
                            try sidecar.setSharing(sharing, by: person, consentNote: consentNote)
                        }
                    }
                }
                if let sharing {
                    result = try setSharing(sharing, sidecarAt: url, save: save)
                } else {
                    result = try save()
                }
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

    /// The sidecar, then the catalog's row when the catalog exists; a catalog that cannot
    /// record it fails the command (the clip must not go on being offered).
    private func setSharing(_ status: SharingStatus, sidecarAt url: URL,
                            save: () throws(SidecarError) -> Sidecar) throws -> Sidecar {
        let catalogURL = URL(fileURLWithPath: catalog).standardizedFileURL
        var database: CatalogDatabase?
        if FileManager.default.fileExists(atPath: catalogURL.path) {
            do { database = try CatalogDatabase(path: catalogURL.path, mustExist: true) } catch {
                throw LibraryCommandSupport.fail(error)
            }
        }
        let path = url.standardizedFileURL.resolvingSymlinksInPath().path
        do {
            return try SharingChange.apply(status, sidecarPath: path, catalog: database.map(OpenedCatalog.sqlite), writeSidecar: save)
        } catch {
            switch error {
            case .sidecar(let failure): throw failure
            case .catalog(let failure):
                Output.problem("\(sidecar): saved as '\(status.rawValue)', but the catalog could not record it: \(failure.description)")
                throw ExitStatus.ioError.exitCode
            }
        }
    }

    /// `--by`, else the login name: the sharing trail always says who.
    private var sharingPerson: String {
        if let by, !by.trimmingCharacters(in: .whitespaces).isEmpty { return by }
        let environment = ProcessInfo.processInfo.environment
        return environment["USER"] ?? environment["LOGNAME"] ?? ProcessInfo.processInfo.userName
    }

    private func apply(to context: inout Sidecar.Context) {
        func set(_ value: String?, _ field: inout String?) {
            guard let value else { return }
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            field = trimmed.isEmpty ? nil : trimmed
        }
        set(teacher, &context.teacher)
        set(grade, &context.grade)
        set(topic, &context.topic)
        set(date, &context.lessonDate)
        for name in tag.map({ $0.trimmingCharacters(in: .whitespaces) }) where !context.tags.contains(name) {
            context.tags.append(name)
        }
        context.tags.removeAll { untag.contains($0) }
    }
}

struct TagResult: Encodable {
    let path: String
    let revision: Int
    let context: Sidecar.Context
    let sharing: SharingRecord
}

extension SharingStatus: ExpressibleByArgument {}
