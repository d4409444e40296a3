import Foundation

/// The rules of a coaching cycle as pure checks; the transitions call them and the
/// CLI may call them early (before cutting) to fail fast.
public enum CycleRules {
    /// One or two codes, each in the codebook, each scored per segment (a short clip
    /// cannot show a whole-lesson code), none twice.
    public static func checkFocus(_ codes: [String], list: FocusList, codebook: Codebook) throws(CycleError) {
        guard (1...2).contains(codes.count) else { throw .focusCount(list: list, count: codes.count) }
        var seen: Set<String> = []
        for code in codes {
            guard let entry = codebook.code(code) else {
                throw .unknownFocusCode(list: list, code: code, codebook: codebook.id)
            }
            guard entry.level == .segment else { throw .wholeLessonFocusCode(list: list, code: code) }
            guard seen.insert(code).inserted else { throw .repeatedFocusCode(list: list, code: code) }
        }
    }

    public static func checkBounds(_ bounds: ClipLengthBounds) throws(CycleError) {
        guard bounds.minimum.isFinite, bounds.maximum.isFinite, bounds.minimum > 0, bounds.minimum < bounds.maximum else {
            throw .invalidLengthBounds(minimum: bounds.minimum, maximum: bounds.maximum)
        }
    }

    /// A window the coach asks to cut from the lesson, with the fingerprint of the video
    /// it is taken from (the lesson's, unless an already-cut clip of another video is offered).
    public struct TeacherWindow: Sendable, Equatable {
        public var window: ClipWindow
        public var sourceFingerprint: String
        public var label: String?

        public init(window: ClipWindow, sourceFingerprint: String, label: String? = nil) {
            self.window = window
            self.sourceFingerprint = sourceFingerprint
            self.label = label
        }
    }

    /// Exactly two windows, both of the cycle's lesson, inside it, within the length
    /// bounds, not overlapping. Checked on the windows as asked (before any keyframe snap).
    public static func checkTeacherClips(_ windows: [TeacherWindow], lesson: LessonReference,
                                         bounds: ClipLengthBounds) throws(CycleError) {
        guard windows.count == 2 else { throw .teacherClipCount(windows.count) }
        for (index, candidate) in windows.enumerated() {
            let number = index + 1
            let window = candidate.window
            if let label = candidate.label, let problem = SafeText.problem(inPersonName: label, field: "teacher clip \(number): label") {
                throw .unusableText(problem: problem)
            }
            guard candidate.sourceFingerprint == lesson.fingerprint else {
                throw .teacherClipFromAnotherLesson(clip: number, fingerprint: candidate.sourceFingerprint)
            }
            // A millisecond of slack: times are typed and stored to the millisecond.
            guard window.start >= 0, window.end > window.start, window.end <= lesson.duration + 0.001 else {
                throw .teacherClipOutsideLesson(clip: number, window: window, lessonDuration: lesson.duration)
            }
            let length = Timecode.rounded(window.length)
            guard length >= bounds.minimum else {
                throw .teacherClipTooShort(clip: number, length: length, minimum: bounds.minimum)
            }
            guard length <= bounds.maximum else {
                throw .teacherClipTooLong(clip: number, length: length, maximum: bounds.maximum)
            }
        }
        if windows[0].window.overlaps(windows[1].window) {
            throw .teacherClipsOverlap(first: windows[0].window, second: windows[1].window)
        }
    }

    /// Exactly one id, found in the catalog, not showing the teacher's own lessons.
    public static func checkLibraryClip(_ ids: [String], found: [String: LibraryClipFacts], teacher: String,
                                        ownLessonFingerprints: Set<String>) throws(CycleError) -> LibraryClipFacts {
        guard ids.count == 1, let id = ids.first else { throw .libraryClipCount(ids.count) }
        guard let facts = found[id] else { throw .libraryClipNotInCatalog(id: id) }
        if facts.isFromOwnLessons(teacher: teacher, lessonFingerprints: ownLessonFingerprints) {
            throw .libraryClipFromOwnLesson(id: id, teacher: teacher)
        }
        guard facts.isClearedForLibrary else { throw .libraryClipNotCleared(id: id, sharing: facts.sharing ?? .private) }
        return facts
    }

    /// Every field of a note has words in it.
    public static func checkNote(_ note: ClipNote) throws(CycleError) {
        guard CoachingCycle.clipNumbers.contains(note.clip) else { throw .noteForUnknownClip(number: note.clip) }
        let fields: [(NoteField, String)] = [(.describe, note.describe), (.elevate, note.elevate), (.nextSteps, note.nextSteps)]
        for (field, text) in fields where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .emptyNote(clip: note.clip, field: field)
        }
    }

    public static func checkPlan(_ plan: ActionPlan, codebook: Codebook) throws(CycleError) {
        guard !plan.goals.isEmpty else { throw .noGoals }
        for (index, goal) in plan.goals.enumerated() where goal.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .emptyGoal(position: index + 1)
        }
        try checkFocus(plan.nextFocusCodes, list: .nextFocus, codebook: codebook)
    }
}
