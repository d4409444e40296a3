import Foundation

/// A suggested window of the teacher's lesson, with its reasons in words.
public struct TeacherClipSuggestion: Sendable, Equatable, Codable {
    public enum Purpose: String, Sendable, Codable {
        /// The best-scored moment on the focus codes: what to build on.
        case strength
        /// The lowest-scored moment: where the next step is.
        case growth
        /// No score on the focus codes backs it: a place to start watching.
        case unscored
    }

    public var purpose: Purpose
    public var window: ClipWindow
    /// Mean score of the moment on the focus codes, 0 (weakest) to 1 (best); nil if unscored.
    public var score: Double?
    public var reasons: [String]

    public init(purpose: Purpose, window: ClipWindow, score: Double?, reasons: [String]) {
        self.purpose = purpose
        self.window = window
        self.score = score
        self.reasons = reasons
    }
}

/// Proposes one "strength" and one "growth" clip of the teacher's lesson from its scores
/// on the focus codes. Deterministic: the same observations give the same suggestions.
///
/// Candidates: every evidence moment of a focus-code score (a window starting `leadIn`
/// before it), and every scored span without evidence (the span itself when it fits the
/// length bounds, else a window around its middle). A candidate's score is the mean
/// goodness (0 worst .. 1 best, reverse-scored codes turned round) of every focus-code
/// observation about it: those with an evidence moment inside the window, or whose span
/// holds the candidate's anchor. Strength: the highest; growth: the lowest among the
/// candidates outside the strength clip (re-placed into the room left beside it). Ties:
/// more scores behind the candidate, then more evidence moments inside, then the earlier start.
public struct TeacherClipRecommender: Sendable {
    public var focusCodes: [String]
    public var codebook: Codebook
    public var lessonDuration: Double
    public var bounds: ClipLengthBounds
    /// Lesson keyframe times when the clips will be stream-copied; empty: no snapping.
    public var keyframes: [Double]
    /// The length a suggested clip gets when nothing limits it (kept within the bounds).
    public var preferredLength: Double
    /// How long before an evidence moment a clip starts, so the moment has its context.
    public var leadIn: Double

    public init(focusCodes: [String], codebook: Codebook, lessonDuration: Double, bounds: ClipLengthBounds = .standard,
                keyframes: [Double] = [], preferredLength: Double = 90, leadIn: Double = 15) {
        self.focusCodes = focusCodes
        self.codebook = codebook
        self.lessonDuration = lessonDuration
        self.bounds = bounds
        self.keyframes = keyframes
        self.preferredLength = preferredLength
        self.leadIn = leadIn
    }

    struct Candidate {
        var window: ClipWindow
        var anchor: Double
        var placement: String
        var value: Double
        var support: [LessonObservation]
        var momentsInside: Int

        /// Ranks candidates for the strength clip (the growth clip reverses the value only).
        func isPreferred(over other: Candidate, higherValue: Bool) -> Bool {
            if abs(value - other.value) > 1e-9 { return higherValue ? value > other.value : value < other.value }
            if support.count != other.support.count { return support.count > other.support.count }
            if momentsInside != other.momentsInside { return momentsInside > other.momentsInside }
            return window.start < other.window.start
        }
    }

    var placer: WindowPlacer { WindowPlacer(bounds: bounds, preferredLength: preferredLength, keyframes: keyframes) }
    var lessonRoom: ClipWindow { ClipWindow(start: 0, end: lessonDuration) }

    public func suggest(from observations: [LessonObservation]) -> [TeacherClipSuggestion] {
        let focused = observations.filter { focusCodes.contains($0.code) && code($0) != nil }
        let everywhere = candidates(from: focused, room: lessonRoom)
        guard let strength = best(everywhere, higherValue: true) else { return unscored() }
        let strengthSuggestion = TeacherClipSuggestion(
            purpose: .strength, window: strength.window, score: strength.value,
            reasons: ["strength: the highest mean score on the focus codes (\(format(strength.value)) of 1) among \(everywhere.count) candidate moment\(everywhere.count == 1 ? "" : "s")"]
                + explain(strength))

        let rooms = roomsBeside(strength.window)
        let growthCandidates = rooms.flatMap { room in
            candidates(from: focused, room: room).filter { room.contains($0.anchor) }
        }
        if let growth = best(growthCandidates, higherValue: false) {
            let suggestion = TeacherClipSuggestion(
                purpose: .growth, window: growth.window, score: growth.value,
                reasons: ["growth: the lowest mean score on the focus codes (\(format(growth.value)) of 1) among \(growthCandidates.count) candidate moment\(growthCandidates.count == 1 ? "" : "s") outside the strength clip"]
                    + explain(growth))
            return [strengthSuggestion, suggestion]
        }
        // Nothing scored outside the strength clip: offer the largest stretch left.
        guard let room = rooms.max(by: { $0.length < $1.length }),
              let window = placer.place(anchor: (room.start + room.end) / 2, leadIn: placer.targetLength / 2, room: room) else {
            return [strengthSuggestion]
        }
        return [strengthSuggestion, TeacherClipSuggestion(
            purpose: .unscored, window: window, score: nil,
            reasons: ["no scored moment on the focus codes lies outside the strength clip: a window from the middle of the largest stretch left (\(room.text))",
                      lengthReason(window)])]
    }

    // MARK: - Candidates

    private func candidates(from observations: [LessonObservation], room: ClipWindow) -> [Candidate] {
        var seen: Set<ClipWindow> = []
        var result: [Candidate] = []
        for observation in observations {
            var placed: [(ClipWindow, Double, String)] = []
            if observation.moments.isEmpty {
                if let window = placer.place(span: observation.span, room: room) {
                    let whole = window.start <= observation.span.start + 2 && window.end >= observation.span.end - 0.001
                    placed.append((window, (observation.span.start + observation.span.end) / 2,
                                   whole ? "the whole of \(observation.origin)" : "around the middle of \(observation.origin)"))
                }
            } else {
                for moment in observation.moments {
                    if let window = placer.place(anchor: moment.time, leadIn: leadIn, room: room) {
                        placed.append((window, moment.time, "starts up to \(Int(leadIn)) s before the evidence moment at \(Timecode.format(moment.time))"))
                    }
                }
            }
            for (window, anchor, placement) in placed where seen.insert(window).inserted {
                result.append(evaluate(window: window, anchor: anchor, placement: placement, observations: observations))
            }
        }
        return result
    }

    private func evaluate(window: ClipWindow, anchor: Double, placement: String,
                          observations: [LessonObservation]) -> Candidate {
        let support = observations.filter { observation in
            observation.span.contains(anchor) || observation.moments.contains { window.contains($0.time) }
        }
        let values = support.compactMap { observation in
            code(observation).flatMap { codebook.normalizedGoodness(of: observation.score, in: $0) }
        }
        let value = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        let moments = support.reduce(0) { total, observation in
            total + observation.moments.filter { window.contains($0.time) }.count
        }
        return Candidate(window: window, anchor: anchor, placement: placement, value: value,
                         support: support, momentsInside: moments)
    }

    private func best(_ candidates: [Candidate], higherValue: Bool) -> Candidate? {
        candidates.reduce(nil) { best, candidate in
            guard let best else { return candidate }
            return candidate.isPreferred(over: best, higherValue: higherValue) ? candidate : best
        }
    }

    /// The stretches of the lesson before and after a window.
    private func roomsBeside(_ window: ClipWindow) -> [ClipWindow] {
        [ClipWindow(start: 0, end: window.start), ClipWindow(start: window.end, end: lessonDuration)]
            .filter { $0.length > 0 }
    }

    // MARK: - Reasons

    private func code(_ observation: LessonObservation) -> Codebook.Code? { codebook.code(observation.code) }

    private func explain(_ candidate: Candidate) -> [String] {
        let scores = candidate.support.map { observation -> String in
            let point = code(observation).map { codebook.describePoint(observation.score, in: $0) } ?? observation.score
            var text = "\(observation.code): \(point) by \(observation.rater) (\(observation.role)), \(observation.origin)"
            let inside = observation.moments.filter { candidate.window.contains($0.time) }
            if !inside.isEmpty {
                text += "; evidence at " + inside.map { moment in
                    Timecode.format(moment.time) + (moment.comment.map { " \u{201C}\($0)\u{201D}" } ?? "")
                }.joined(separator: ", ")
            }
            if let note = observation.note, !note.isEmpty { text += "; note \u{201C}\(note)\u{201D}" }
            return text
        }
        return scores + ["window: \(candidate.placement)" + (keyframes.isEmpty ? "" : ", on a keyframe (copy cut)"),
                         lengthReason(candidate.window)]
    }

    private func lengthReason(_ window: ClipWindow) -> String {
        "\(window.text), \(Timecode.format(window.length)) long (bounds \(Timecode.format(bounds.minimum)) to \(Timecode.format(bounds.maximum)))"
    }

    private func format(_ value: Double) -> String { String(format: "%.2f", value) }

    /// Nothing on the focus codes: one window from each half of the lesson, to start watching.
    private func unscored() -> [TeacherClipSuggestion] {
        let half = lessonDuration / 2
        let halves = [ClipWindow(start: 0, end: half), ClipWindow(start: half, end: lessonDuration)]
        let names = ["first", "second"]
        return zip(halves, names).compactMap { room, name in
            guard let window = placer.place(anchor: (room.start + room.end) / 2, leadIn: min(placer.targetLength, room.length) / 2,
                                            room: room) else { return nil }
            return TeacherClipSuggestion(
                purpose: .unscored, window: window, score: nil,
                reasons: ["no score on the focus codes in this lesson: a window from the middle of its \(name) half, as a place to start watching (score the lesson with `clipcoach annotate` for explained suggestions)",
                          lengthReason(window)])
        }
    }
}
