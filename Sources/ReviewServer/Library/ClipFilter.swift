import ClipCoachCore

/// The list page's filters (query parameters `code`, `state`, `rater`, `text`); all given must hold.
struct ClipFilter: Sendable {
    var code: String?
    var state: ReviewState?
    var rater: String?
    /// Every word must appear (case-insensitive) in the label, context, tags or annotation notes.
    var text: String?

    func matches(_ sidecar: Sidecar, label: String) -> Bool {
        if let code, !sidecar.annotations.contains(where: { $0.code == code }) { return false }
        if let rater, !sidecar.annotations.contains(where: { PersonName.same($0.rater, rater) }) {
            return false
        }
        if let state {
            let states = sidecar.reviewSetSegments.map { segment in (try? sidecar.reviewState(segment: segment)) ?? .draft }
            if !states.contains(state) { return false }
        }
        if let text {
            let haystack = ([label, sidecar.id, sidecar.context.teacher, sidecar.context.grade, sidecar.context.topic]
                + sidecar.context.tags.map(Optional.some) + sidecar.annotations.map(\.note))
                .compactMap { $0 }.joined(separator: " ").lowercased()
            let words = text.lowercased().split(whereSeparator: \.isWhitespace)
            if !words.allSatisfy({ haystack.contains($0) }) { return false }
        }
        return true
    }
}
