import ArgumentParser
import ClipCoachCore
import Foundation

struct AnnotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Add a scored annotation to a clip or lesson sidecar, or remove one.",
        discussion: """
        Prints the new annotation's id. The code and score point must come from the \
        codebook (see `clipcoach codebook`). Evidence times (--at) are seconds from the \
        start of the clip (or lesson), in HH:MM:SS.mmm, MM:SS or seconds, optionally with \
        a comment: --at 01:12.5='student explains why'.

        On a lesson sidecar (from `clipcoach segment`), segment codes need --segment N \
        and their evidence must lie in that segment; whole-lesson codes take no segment. \
        Whole-lesson codes cannot be scored on a clip.

        Saves are atomic and locked: raters annotating the same file at once all land.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The sidecar (clip-01.json, lesson.json).")
    var sidecar: String

    @Option(name: .long, help: "Code id, e.g. richness.explanations.")
    var code: String?

    @Option(name: .long, help: "Score point id on the code's scale, e.g. mid.")
    var score: String?

    @Option(name: .long, help: "Who scores.")
    var rater: String?

    @Option(name: .long, help: "coach, teacher or rater.")
    var role: Sidecar.Annotation.Role = .rater

    @Option(name: .long, help: "Free text.")
    var note: String?

    @Option(name: .long, help: ArgumentHelp("An evidence moment, TIME or TIME=COMMENT (repeatable).", valueName: "time"))
    var at: [String] = []

    @Option(name: .customLong("at-lesson"), help: ArgumentHelp(
        "An evidence moment on the lesson's timeline, TIME or TIME=COMMENT (repeatable); on a clip it is converted with the clip's start.",
        valueName: "time"))
    var atLesson: [String] = []

    @Option(name: .long, help: "Lesson sidecars: the scoring segment number (from 1).")
    var segment: Int?

    @Option(name: .long, help: ArgumentHelp("Remove the annotation with this id instead of adding one.", valueName: "annotation-id"))
    var remove: String?

    @OptionGroup var codebookOptions: CodebookOptions

    @Flag(help: "Print the saved annotation (or the removed one) as JSON.")
    var json = false

    func validate() throws {
        if remove != nil {
            let adding = [code, score, rater, note].contains { $0 != nil } || !at.isEmpty || !atLesson.isEmpty || segment != nil
            if adding { throw ValidationError("--remove takes no --code, --score, --rater, --note, --at, --at-lesson or --segment") }
        } else if code == nil || score == nil || rater == nil {
            throw ValidationError("adding an annotation needs --code, --score and --rater (or --remove ID)")
        }
        if let rater, rater.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--rater is empty") }
        if let problem = rater.flatMap({ SafeText.problem(inName: $0, field: "--rater") })
            ?? note.flatMap({ SafeText.problem(inNote: $0, field: "--note") })
            ?? at.lazy.compactMap({ SafeText.problem(inNote: $0, field: "--at") }).first
            ?? atLesson.lazy.compactMap({ SafeText.problem(inNote: $0, field: "--at-lesson") }).first {
            throw ValidationError(problem)
        }
    }

    func run() throws {
        global.bootstrap()
        do {
            let codebook = try codebookOptions.load()
            if let remove {
                try removeAnnotation(remove, codebook: codebook)
            } else {
                try addAnnotation(codebook: codebook)
            }
        } catch {
            throw SidecarCommand.fail(error)
        }
    }

    private func addAnnotation(codebook: Codebook) throws {
        let evidence = try at.map { text in try Self.evidence(text) }
        let lessonEvidence = try atLesson.map { text in try Self.evidence(text, option: "--at-lesson") }
        let now = Sidecar.timestamp()
        let annotation = Sidecar.Annotation(
            code: code ?? "", score: score ?? "", rater: (rater ?? "").trimmingCharacters(in: .whitespaces),
            role: role, note: note, segment: segment, evidence: evidence, createdAt: now)
        let path = sidecar
        let saved = try SidecarStore.update(at: SidecarCommand.url(sidecar), codebook: codebook) { file throws(SidecarError) in
            var placed = annotation
            for moment in lessonEvidence {
                placed.evidence.append(Sidecar.Evidence(time: try file.timelineTime(fromLessonTime: moment.time, path: path),
                                                        comment: moment.comment))
            }
            try file.add(placed, codebook: codebook)
        }
        if json {
            // As saved: code and score point spelled as the codebook's ids.
            let stored = saved.annotations.first { $0.id == annotation.id } ?? annotation
            try Output.json(AnnotateResult(path: sidecar, revision: saved.revision, annotation: stored, removed: nil))
        } else {
            Output.line(annotation.id)
        }
    }

    private func removeAnnotation(_ id: String, codebook: Codebook) throws {
        var removed: Sidecar.Annotation?
        let saved = try SidecarStore.update(at: SidecarCommand.url(sidecar), codebook: codebook) { sidecar throws(SidecarError) in
            removed = try sidecar.removeAnnotation(id: id)
        }
        if json {
            try Output.json(AnnotateResult(path: sidecar, revision: saved.revision, annotation: nil, removed: removed))
        } else {
            Output.line(id)
        }
    }

    /// `TIME` or `TIME=COMMENT`.
    static func evidence(_ text: String, option: String = "--at") throws -> Sidecar.Evidence {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let timeText = String(parts[0])
        let comment = parts.count > 1 ? String(parts[1]) : nil
        do {
            return Sidecar.Evidence(time: try Timecode.parse(timeText), comment: comment?.isEmpty == true ? nil : comment)
        } catch {
            throw CommandFailure(status: .usage, message: "\(option): \(error)")
        }
    }
}

/// `annotate --json`: what was saved (or removed) and the sidecar's new revision.
struct AnnotateResult: Encodable {
    let path: String
    let revision: Int
    let annotation: Sidecar.Annotation?
    let removed: Sidecar.Annotation?
}
