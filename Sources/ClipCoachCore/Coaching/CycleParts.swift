import Foundation

/// A window on the lesson's timeline, in seconds.
public struct ClipWindow: Sendable, Equatable, Hashable, Codable {
    public var start: Double
    public var end: Double

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    public var length: Double { end - start }

    /// Windows that only touch (one ends where the other starts) do not overlap.
    public func overlaps(_ other: ClipWindow) -> Bool { start < other.end && other.start < end }

    public func contains(_ time: Double) -> Bool { time >= start && time <= end }

    /// `01:10.000-02:40.000`, the form the CLI accepts back.
    public var text: String { "\(Timecode.format(start))-\(Timecode.format(end))" }
}

/// The filmed lesson a cycle is about.
public struct LessonReference: Sendable, Equatable, Codable {
    /// As given to `cycle new`, made absolute.
    public var path: String
    /// `ContentFingerprint.of(path:)`: teacher clips must come from this very video.
    public var fingerprint: String
    /// Seconds.
    public var duration: Double

    public init(path: String, fingerprint: String, duration: Double) {
        self.path = path
        self.fingerprint = fingerprint
        self.duration = duration
    }
}

/// Where a clip's files are (absolute paths, or nil when not known).
public struct ClipFilePaths: Sendable, Equatable, Codable {
    public var media: String?
    public var poster: String?
    public var sidecar: String?

    public init(media: String? = nil, poster: String? = nil, sidecar: String? = nil) {
        self.media = media
        self.poster = poster
        self.sidecar = sidecar
    }
}

/// One of the two clips cut from the teacher's own lesson.
public struct TeacherClip: Sendable, Equatable, Codable {
    /// 1 or 2: the number notes refer to.
    public var number: Int
    public var label: String
    /// What the coach asked for; the rules are checked on this window.
    public var requested: ClipWindow
    /// What the cut wrote (a stream copy starts on the keyframe at or before the request).
    public var actual: ClipWindow?
    public var files: ClipFilePaths

    public init(number: Int, label: String, requested: ClipWindow, actual: ClipWindow? = nil,
                files: ClipFilePaths = ClipFilePaths()) {
        self.number = number
        self.label = label
        self.requested = requested
        self.actual = actual
        self.files = files
    }
}

/// The stock clip from the library, as the catalog described it when it was picked.
public struct LibraryClipChoice: Sendable, Equatable, Codable {
    /// Always 3.
    public static let number = 3
    public var clipID: String
    public var label: String?
    public var duration: Double
    public var grade: String?
    public var files: ClipFilePaths

    public init(clipID: String, label: String? = nil, duration: Double, grade: String? = nil,
                files: ClipFilePaths = ClipFilePaths()) {
        self.clipID = clipID
        self.label = label
        self.duration = duration
        self.grade = grade
        self.files = files
    }
}

/// What teacher and coach wrote about one clip.
public struct ClipNote: Sendable, Equatable, Codable {
    /// 1 and 2: the teacher clips; 3: the library clip.
    public var clip: Int
    /// What happened, without judgment.
    public var describe: String
    /// What an incrementally better version would look like on the focus codes.
    public var elevate: String
    public var nextSteps: String
    public var updatedAt: String

    public init(clip: Int, describe: String, elevate: String, nextSteps: String, updatedAt: String = Sidecar.timestamp()) {
        self.clip = clip
        self.describe = describe
        self.elevate = elevate
        self.nextSteps = nextSteps
        self.updatedAt = updatedAt
    }

    /// Describe, elevate and next steps all written (parts may be written one at a time).
    public var isComplete: Bool {
        [describe, elevate, nextSteps].allSatisfy { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }
}

/// Which note field, for messages.
public enum NoteField: String, Sendable, Codable {
    case describe, elevate
    case nextSteps = "next steps"
}

/// How the cycle ends: goals, and the codes the next cycle starts from.
public struct ActionPlan: Sendable, Equatable, Codable {
    public var goals: [String]
    public var nextFocusCodes: [String]
    public var setAt: String

    public init(goals: [String], nextFocusCodes: [String], setAt: String = Sidecar.timestamp()) {
        self.goals = goals
        self.nextFocusCodes = nextFocusCodes
        self.setAt = setAt
    }
}

/// How long a teacher clip may be. Default: 30 s to 6 minutes.
public struct ClipLengthBounds: Sendable, Equatable, Codable {
    public static let standard = ClipLengthBounds(minimum: 30, maximum: 360)
    public var minimum: Double
    public var maximum: Double

    public init(minimum: Double, maximum: Double) {
        self.minimum = minimum
        self.maximum = maximum
    }
}
