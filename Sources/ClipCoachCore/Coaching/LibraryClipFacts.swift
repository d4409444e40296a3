import Foundation

/// What the cycle rules and the recommender need to know about a clip in the library
/// catalog. The Catalog module fills these from its tables; tests build them in memory.
public struct LibraryClipFacts: Sendable, Equatable, Codable {
    /// One score one person gave the clip.
    public struct Score: Sendable, Equatable, Codable {
        public var code: String
        public var score: String
        public var rater: String

        public init(code: String, score: String, rater: String) {
            self.code = code
            self.score = score
            self.rater = rater
        }
    }

    public var id: String
    public var label: String?
    /// Seconds.
    public var duration: Double
    public var grade: String?
    /// The teacher filmed, from the clip's context.
    public var teacher: String?
    /// The fingerprint of the video the clip was cut from.
    public var sourceFingerprint: String?
    public var scores: [Score]
    public var files: ClipFilePaths
    /// The clip's sharing status from its sidecar (nil, as in records written before sharing
    /// existed, counts as private).
    public var sharing: SharingStatus?

    /// Only clips cleared as `library` may be shown to other teachers.
    public var isClearedForLibrary: Bool { sharing == .library }

    public init(id: String, label: String? = nil, duration: Double, grade: String? = nil, teacher: String? = nil,
                sourceFingerprint: String? = nil, scores: [Score] = [], files: ClipFilePaths = ClipFilePaths(),
                sharing: SharingStatus? = nil) {
        self.sharing = sharing
        self.id = id
        self.label = label
        self.duration = duration
        self.grade = grade
        self.teacher = teacher
        self.sourceFingerprint = sourceFingerprint
        self.scores = scores
        self.files = files
    }

    /// Whether the clip shows this teacher: filmed by them by name, or cut from one of their lessons.
    public func isFromOwnLessons(teacher: String, lessonFingerprints: Set<String>) -> Bool {
        if CoachingCycle.sameTeacher(self.teacher, teacher) { return true }
        if let sourceFingerprint, lessonFingerprints.contains(sourceFingerprint) { return true }
        return false
    }

    /// The choice recorded in a cycle.
    public var choice: LibraryClipChoice {
        LibraryClipChoice(clipID: id, label: label, duration: duration, grade: grade, files: files)
    }
}
