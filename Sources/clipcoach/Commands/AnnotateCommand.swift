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

        Saves are atomic and locked: raters annotating the same file at once all land. \
        Every change is an event in the review trail of its set, and a submitted or \
        accepted set goes back to draft, as on the review page.
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

    @Option(name: .long, help: ArgumentHelp(
        "Who makes the change, as the review trail records it (default: the rater when adding, your login name when removing).",
        valueName: "name"))
    var by: String?

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
    }

    func run() throws {
        global.bootstrap()
        do {
            let codebook = try codebookOptions.load()
            let url = SidecarCommand.url(sidecar)
            // One service with the review page: the edit, its event in the review trail, the set's state.
            let saved: (sidecar: Sidecar, annotation: Sidecar.Annotation)
            if let remove {
                saved = try AnnotationService.remove(id: remove, at: url, by: by ?? SidecarCommand.loginName, codebook: codebook)
            } else {
                let new = Sidecar.Annotation(code: code ?? "", score: score ?? "", rater: rater ?? "", role: role, note: note,
                                             segment: segment, evidence: try at.map { try Self.evidence($0) })
                saved = try AnnotationService.add(new, lessonEvidence: try atLesson.map { try Self.evidence($0, option: "--at-lesson") },
                                                  at: url, by: by, codebook: codebook)
            }
            if json {
                // As saved: code and score point spelled as the codebook's ids.
                try Output.json(AnnotateResult(path: sidecar, revision: saved.sidecar.revision,
                                               annotation: remove == nil ? saved.annotation : nil,
                                               removed: remove == nil ? nil : saved.annotation))
            } else {
                Output.line(saved.annotation.id)
            }
        } catch {
            throw SidecarCommand.fail(error)
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
