import Catalog
import ClipCoachCore
import Foundation
import Media

/// `cycle new`: a cycle for one teacher and one filmed lesson.
///
/// Without focus codes, the cycle starts from the next-focus codes of the teacher's
/// latest cycle with an action plan; without a grade, it keeps the grade of the
/// teacher's latest cycle. The new cycle points at that latest cycle as its previous one.
public struct CycleStart: Sendable {
    public var store: CycleStore
    public var codebook: Codebook
    public var teacher: String
    public var lessonPath: String
    public var focusCodes: [String]
    public var grade: String?
    public var bounds: ClipLengthBounds

    public init(store: CycleStore, codebook: Codebook, teacher: String, lessonPath: String, focusCodes: [String],
                grade: String? = nil, bounds: ClipLengthBounds = .standard) {
        self.store = store
        self.codebook = codebook
        self.teacher = teacher
        self.lessonPath = lessonPath
        self.focusCodes = focusCodes
        self.grade = grade
        self.bounds = bounds
    }

    /// What was started, and where its focus came from.
    public struct Started: Sendable {
        public let cycle: CoachingCycle
        /// The earlier cycle whose next-focus codes were taken, when no focus was given.
        public let focusFrom: Int?
    }

    public func run() throws(CycleWorkflowError) -> Started {
        let previous = try CycleStep.store { () throws(CycleStoreError) in try store.latestCycle(teacher: teacher) }
        var focus = focusCodes
        var focusFrom: Int?
        if focus.isEmpty {
            let planned = try CycleStep.store { () throws(CycleStoreError) in try store.latestPlannedCycle(teacher: teacher) }
            guard let planned, let next = planned.plan?.nextFocusCodes, !next.isEmpty else {
                throw .rule(.noFocusGiven(teacher: teacher))
            }
            focus = next
            focusFrom = planned.id
        }
        let lesson = try Self.lessonReference(lessonPath)
        let cycle = try CycleStep.rule { () throws(CycleError) in
            try CoachingCycle.start(teacher: teacher, grade: grade ?? previous?.grade, lesson: lesson, focusCodes: focus,
                                    codebook: codebook, bounds: bounds, previousCycleID: previous?.id)
        }
        let stored = try CycleStep.store { () throws(CycleStoreError) in try store.insert(cycle) }
        return Started(cycle: stored, focusFrom: focusFrom)
    }

    /// The lesson as a cycle records it: absolute path, content fingerprint, probed duration.
    static func lessonReference(_ path: String) throws(CycleWorkflowError) -> LessonReference {
        let file = try CycleStep.media { () throws(MediaError) in try MediaFile(path: path) }
        _ = try CycleStep.media { () throws(MediaError) in try file.requireVideoStream() }
        guard let duration = file.info().duration, duration > 0 else {
            throw .media(MediaError(.damaged, path: path, message: "the lesson has no duration to cut clips from"))
        }
        let fingerprint = try CycleStep.sidecar { () throws(SidecarError) in try ContentFingerprint.of(path: path) }
        return LessonReference(path: URL(fileURLWithPath: path).standardizedFileURL.path, fingerprint: fingerprint,
                               duration: Timecode.rounded(duration))
    }
}
