import ClipCoachCore
import ClipCoachKit
import Foundation

/// The readable forms of cycles and suggestions.
enum CycleText {
    /// The cycle as JSON or as text.
    static func report(_ cycle: CoachingCycle, json: Bool) throws {
        if json { try Output.json(cycle) } else { show(cycle).forEach { Output.line($0) } }
    }

    /// One clip's note as written so far; parts not yet written say so.
    static func reportNote(_ note: ClipNote, of cycle: CoachingCycle, json: Bool) throws {
        if json { try Output.json(note); return }
        func part(_ text: String) -> String { text.isEmpty ? "(not yet written)" : text }
        Output.line("cycle \(cycle.id), clip \(note.clip) note")
        Output.line("describe: \(part(note.describe))")
        Output.line("elevate: \(part(note.elevate))")
        Output.line("next steps: \(part(note.nextSteps))")
        if cycle.state != .closed { Output.line("next: \(cycle.state.nextStep)") }
    }

    static func show(_ cycle: CoachingCycle) -> [String] {
        let time = Timecode.format
        var rows: [[String]] = [
            ["cycle", "\(cycle.id)" + (cycle.previousCycleID.map { " (after cycle \($0))" } ?? "")],
            ["teacher", cycle.teacher + (cycle.grade.map { ", grade \($0)" } ?? "")],
            ["state", cycle.state == .closed ? "closed" : "\(cycle.state.label) (next: \(cycle.state.nextStep))"],
            ["lesson", "\(cycle.lesson.path) (\(time(cycle.lesson.duration)))"],
            ["focus", cycle.focusCodes.joined(separator: ", ")],
            ["clip length", "\(time(cycle.bounds.minimum)) to \(time(cycle.bounds.maximum))"],
        ]
        for clip in cycle.teacherClips {
            let cut = clip.actual.map { "\($0.text) (asked \(clip.requested.text))" } ?? clip.requested.text
            rows.append(["clip \(clip.number)", "teacher: \(clip.label), \(cut)" + (clip.files.media.map { ", \($0)" } ?? "")])
        }
        if let library = cycle.libraryClip {
            var text = "library: catalog clip \(library.clipID)"
            if let label = library.label { text += " \u{201C}\(label)\u{201D}" }
            text += ", \(time(library.duration))"
            if let grade = library.grade { text += ", grade \(grade)" }
            if let media = library.files.media { text += ", \(media)" }
            rows.append(["clip 3", text])
        }
        for note in cycle.notes {
            rows.append(["note \(note.clip)", "describe: \(note.describe)"])
            rows.append(["", "elevate: \(note.elevate)"])
            rows.append(["", "next steps: \(note.nextSteps)"])
        }
        if let plan = cycle.plan {
            for (index, goal) in plan.goals.enumerated() { rows.append([index == 0 ? "goals" : "", "\(index + 1). \(goal)"]) }
            rows.append(["next focus", plan.nextFocusCodes.joined(separator: ", ")])
        }
        rows.append(["updated", cycle.updatedAt + (cycle.closedAt.map { ", closed \($0)" } ?? "")])
        return TextColumns.render(rows)
    }

    static func suggestions(_ suggestions: CycleSuggestions) -> [String] {
        var lines = ["cycle \(suggestions.cycleID), focus \(suggestions.focusCodes.joined(separator: ", "))", ""]
        lines.append("Teacher clips (use as --teacher-clip START-END):")
        if suggestions.teacherClips.isEmpty { lines.append("  none: the lesson is shorter than the shortest clip allowed") }
        for suggestion in suggestions.teacherClips {
            let score = suggestion.score.map { String(format: ", score %.2f of 1", $0) } ?? ""
            lines.append("  \(suggestion.purpose.rawValue): \(suggestion.window.text)  (\(Timecode.format(suggestion.window.length)) long\(score))")
            suggestion.reasons.forEach { lines.append("    - \($0)") }
        }
        lines.append("")
        lines.append("Library clips (use as --library-clip ID):")
        if suggestions.libraryClips.isEmpty { lines.append("  none: no eligible catalog clip is scored on the focus codes") }
        for clip in suggestions.libraryClips {
            lines.append("  \(clip.rank). clip \(clip.clipID)" + (clip.label.map { "  \u{201C}\($0)\u{201D}" } ?? ""))
            clip.reasons.forEach { lines.append("    - \($0)") }
        }
        if !suggestions.notSuggested.isEmpty {
            lines.append("")
            lines.append("Not suggested:")
            suggestions.notSuggested.forEach { lines.append("  clip \($0.clipID): \($0.reason)") }
        }
        if !suggestions.sources.isEmpty {
            lines.append("")
            lines.append("Scores read:")
            suggestions.sources.forEach { lines.append("  \($0)") }
        }
        return lines
    }
}
