import Foundation

/// One coaching cycle: one teacher, one filmed lesson, one or two focus codes, two clips
/// from that lesson and one from the library, a note on each clip, an action plan.
///
/// A plain value: the transitions (`CycleTransitions.swift`) check the rules and return
/// typed errors; storage lives in the Catalog module.
public struct CoachingCycle: Sendable, Equatable, Codable {
    /// Assigned by the catalog; 0 before the cycle is stored.
    public var id: Int
    /// Counts saves, so a save built on an old read is refused rather than lost; 0 before the first.
    public var revision: Int
    public var teacher: String
    /// The teacher's grade ("4", "K", "Algebra I"); used to match library clips.
    public var grade: String?
    public var lesson: LessonReference
    /// The codebook the focus codes come from.
    public var codebookID: String
    public var codebookVersion: String
    /// One or two segment-level codes, in the order given.
    public var focusCodes: [String]
    public var bounds: ClipLengthBounds
    public var state: CycleState
    /// Empty until picked, then exactly two, numbered 1 and 2.
    public var teacherClips: [TeacherClip]
    public var libraryClip: LibraryClipChoice?
    /// At most one per clip, ordered by clip number.
    public var notes: [ClipNote]
    public var plan: ActionPlan?
    /// The teacher's cycle before this one, if any.
    public var previousCycleID: Int?
    /// Where `pick` wrote the teacher clips.
    public var clipFolder: String?
    public var createdAt: String
    public var updatedAt: String
    public var closedAt: String?

    public init(id: Int = 0, revision: Int = 0, teacher: String, grade: String? = nil, lesson: LessonReference,
                codebookID: String, codebookVersion: String, focusCodes: [String],
                bounds: ClipLengthBounds = .standard, state: CycleState = .planned,
                teacherClips: [TeacherClip] = [], libraryClip: LibraryClipChoice? = nil,
                notes: [ClipNote] = [], plan: ActionPlan? = nil, previousCycleID: Int? = nil,
                clipFolder: String? = nil, createdAt: String = Sidecar.timestamp(), updatedAt: String? = nil,
                closedAt: String? = nil) {
        self.id = id
        self.revision = revision
        self.teacher = teacher
        self.grade = grade
        self.lesson = lesson
        self.codebookID = codebookID
        self.codebookVersion = codebookVersion
        self.focusCodes = focusCodes
        self.bounds = bounds
        self.state = state
        self.teacherClips = teacherClips
        self.libraryClip = libraryClip
        self.notes = notes
        self.plan = plan
        self.previousCycleID = previousCycleID
        self.clipFolder = clipFolder
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.closedAt = closedAt
    }

    /// The numbers notes may refer to: 1 and 2 (teacher clips) and 3 (library clip).
    public static let clipNumbers = 1...3

    public func note(for clip: Int) -> ClipNote? { notes.first { $0.clip == clip } }

    /// Clip numbers still without a note.
    public var clipsWithoutNotes: [Int] { Self.clipNumbers.filter { note(for: $0)?.isComplete != true } }

    /// Teachers are matched ignoring case and surrounding spaces ("Ms R" is "ms r ").
    public static func sameTeacher(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return false }
        return normalizedTeacher(a) == normalizedTeacher(b)
    }

    public static func normalizedTeacher(_ name: String) -> String {
        PersonName.key(name)
    }
}
