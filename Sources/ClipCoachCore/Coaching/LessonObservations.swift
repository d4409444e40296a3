import Foundation

/// One score on the lesson's timeline: from a lesson sidecar's segment annotation or a
/// clip sidecar's annotation, with its evidence moments moved onto lesson time.
public struct LessonObservation: Sendable, Equatable {
    public var code: String
    public var score: String
    public var rater: String
    public var role: String
    /// The stretch of the lesson the score is about: a scoring segment, or a clip's window.
    public var span: ClipWindow
    /// Evidence moments, in lesson seconds.
    public var moments: [Sidecar.Evidence]
    /// Where it was read, for the reasons: "segment 2 of lesson.json", "clip launch.json".
    public var origin: String
    /// The rater's note on the score, quoted in the reasons.
    public var note: String?

    public init(code: String, score: String, rater: String, role: String, span: ClipWindow,
                moments: [Sidecar.Evidence] = [], origin: String, note: String? = nil) {
        self.code = code
        self.score = score
        self.rater = rater
        self.role = role
        self.span = span
        self.moments = moments
        self.origin = origin
        self.note = note
    }
}

public enum LessonObservations {
    /// Segment annotations of a lesson sidecar (`clipcoach segment` + `annotate --segment N`).
    /// Whole-lesson annotations say nothing about a moment and are left out.
    public static func from(lesson sidecar: Sidecar, name: String) -> [LessonObservation] {
        let segments = sidecar.segments ?? []
        return sidecar.annotations.compactMap { annotation in
            guard let number = annotation.segment, let segment = segments.first(where: { $0.number == number }) else {
                return nil
            }
            return LessonObservation(code: annotation.code, score: annotation.score, rater: annotation.rater,
                                     role: annotation.role.rawValue,
                                     span: ClipWindow(start: segment.start, end: segment.end),
                                     moments: annotation.evidence, origin: "segment \(number) of \(name)",
                                     note: annotation.note)
        }
    }

    /// Annotations of a clip cut from the lesson; evidence times move from clip time to
    /// lesson time (clip time 0 is the clip's actual start).
    public static func from(clip sidecar: Sidecar, name: String) -> [LessonObservation] {
        guard let clip = sidecar.clip else { return [] }
        let span = ClipWindow(start: clip.actualStart, end: clip.actualEnd)
        return sidecar.annotations.map { annotation in
            let moments = annotation.evidence.map { evidence in
                var moved = evidence
                moved.time = Timecode.rounded(clip.actualStart + evidence.time)
                return moved
            }
            return LessonObservation(code: annotation.code, score: annotation.score, rater: annotation.rater,
                                     role: annotation.role.rawValue, span: span, moments: moments,
                                     origin: "clip \(name)", note: annotation.note)
        }
    }
}
