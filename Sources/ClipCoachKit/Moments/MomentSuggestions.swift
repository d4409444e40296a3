import ClipCoachCore
import Foundation
import Moments

/// `cycle suggest` on a lesson nobody has scored: strength and growth windows from the moments
/// `clipcoach moments` stored in the lesson sidecar, with their reasons.
enum MomentSuggestions {
    static func suggest(_ report: LessonMomentsReport, focusCodes: [String], bounds: ClipLengthBounds) -> [TeacherClipSuggestion] {
        let fits: (Moment) -> Bool = { moment in
            let length = moment.window.length
            return length + 0.0005 >= bounds.minimum && length <= bounds.maximum + 0.0005
        }
        let focused = report.moments.filter { focusCodes.contains($0.code) && fits($0) }
        let pool = focused.isEmpty ? report.moments.filter(fits) : focused
        guard let strength = pool.max(by: { $0.score != $1.score ? $0.score < $1.score : $0.start > $1.start }) else { return [] }
        let source = "from the lesson's talk (clipcoach moments: talk map\(report.transcript == nil ? "" : " and transcript talk moves"))"
        let scope = focused.isEmpty ? "no moments were ranked for the focus codes, so the best for \(strength.code)"
                                    : "the best window for \(strength.code)"
        var suggestions = [TeacherClipSuggestion(
            purpose: .strength, window: strength.window, score: nil,
            reasons: ["strength \(source): \(scope) (value \(String(format: "%.1f", strength.score)))"] + strength.reasons)]
        if let growth = report.growth.first(where: { $0.code == strength.code && fits($0) }),
           !growth.window.overlaps(strength.window) {
            suggestions.append(TeacherClipSuggestion(
                purpose: .growth, window: growth.window, score: nil,
                reasons: ["growth \(source): the window with talk that shows least of what \(growth.code) looks for, outside the strength clip"]
                    + growth.reasons))
        }
        return suggestions
    }
}
