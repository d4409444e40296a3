import Foundation

/// The JSON file kept beside a clip (`clip-01.mp4` -> `clip-01.json`) or a lesson
/// (`lesson.mp4` -> `lesson.json`): where it came from, how it was cut, its context,
/// and the coaches' and raters' annotations. Format: docs/sidecar.md,
/// Schemas/sidecar-v1.schema.json.
///
/// Every type keeps the JSON fields it does not know in `unknownFields` and writes
/// them back, so a file written by a newer ClipCoach survives an edit by this one.
public struct Sidecar: Sendable, Equatable {
    public static let schemaName = "clipcoach.sidecar"
    public static let currentSchemaVersion = 1

    public enum Kind: String, FileEnum {
        case clip, lesson
        public static let fieldDescription = "sidecar kind"
    }

    public var schema: String
    public var schemaVersion: Int
    public var kind: Kind
    /// The clip id (or lesson id): stable, unique within a library.
    public var id: String
    /// How many times the file was saved; every save adds one.
    public var revision: Int
    /// ISO 8601, see `Sidecar.timestamp()`.
    public var createdAt: String
    public var updatedAt: String
    public var source: Source
    /// Clip sidecars only.
    public var clip: Clip?
    /// Lesson sidecars only: the MQI scoring segments, numbered from 1.
    public var segments: [Segment]?
    /// Lesson sidecars only: the nominal segment length in seconds.
    public var segmentLength: Double?
    public var context: Context
    /// The codebook the annotations use; nil until the first annotation.
    public var codebook: CodebookReference?
    public var annotations: [Annotation]
    public var unknownFields: [String: JSONValue]

    /// A new sidecar. For a clip pass `clip`; for a lesson pass `segments` and
    /// `segmentLength` with `kind: .lesson` (or use `Sidecar.lesson(...)`).
    public init(
        kind: Kind = .clip,
        id: String,
        revision: Int = 0,
        createdAt: String = Sidecar.timestamp(),
        updatedAt: String? = nil,
        source: Source,
        clip: Clip? = nil,
        segments: [Segment]? = nil,
        segmentLength: Double? = nil,
        context: Context = Context(),
        codebook: CodebookReference? = nil,
        annotations: [Annotation] = [],
        unknownFields: [String: JSONValue] = [:]
    ) {
        self.schema = Sidecar.schemaName
        self.schemaVersion = Sidecar.currentSchemaVersion
        self.kind = kind
        self.id = id
        self.revision = revision
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.source = source
        self.clip = clip
        self.segments = segments
        self.segmentLength = segmentLength
        self.context = context
        self.codebook = codebook
        self.annotations = annotations
        self.unknownFields = unknownFields
    }

    /// A new lesson sidecar with its scoring segments.
    public static func lesson(id: String, source: Source, segments: [Segment], segmentLength: Double,
                              context: Context = Context(), createdAt: String = Sidecar.timestamp()) -> Sidecar {
        Sidecar(kind: .lesson, id: id, createdAt: createdAt, source: source,
                segments: segments, segmentLength: segmentLength, context: context)
    }

    /// The span annotations may point into: the clip's duration, or the lesson's.
    public var timelineDuration: Double {
        switch kind {
        case .clip: clip?.duration ?? 0
        case .lesson: segments?.last?.end ?? source.duration
        }
    }

    /// Now as ISO 8601 UTC with milliseconds, the form of every timestamp in a sidecar.
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

extension Sidecar {
    /// The video the clip was cut from (or the lesson itself).
    public struct Source: Sendable, Equatable {
        /// Relative to the sidecar's folder when the video lies in or below it, else absolute.
        public var path: String
        /// `ContentFingerprint.of(path:)`: finds the video again after a move or rename.
        public var fingerprint: String
        /// Seconds.
        public var duration: Double
        /// Bytes.
        public var size: Int64
        public var unknownFields: [String: JSONValue]

        public init(path: String, fingerprint: String, duration: Double, size: Int64,
                    unknownFields: [String: JSONValue] = [:]) {
            self.path = path
            self.fingerprint = fingerprint
            self.duration = duration
            self.size = size
            self.unknownFields = unknownFields
        }
    }

    /// How a clip was cut: what was asked, what was written.
    public struct Clip: Sendable, Equatable {
        public enum Mode: String, FileEnum {
            /// smart: the head re-encoded with the source's codec, the rest copied.
            case copy, reencode, smart
            public static let fieldDescription = "cut mode"
        }

        public var label: String
        /// The clip's media file name, relative to the sidecar's folder.
        public var file: String
        /// The poster image, relative to the sidecar's folder.
        public var poster: String?
        /// Seconds in the source.
        public var requestedStart: Double
        public var requestedEnd: Double
        /// Seconds in the source; a stream copy starts on the keyframe at or before requestedStart.
        public var actualStart: Double
        public var actualEnd: Double
        /// Seconds; evidence times lie in 0...duration.
        public var duration: Double
        public var mode: Mode
        /// "mp4", "mkv", ...
        public var container: String
        public var streams: [WrittenStream]
        public var warnings: [String]
        public var unknownFields: [String: JSONValue]

        public init(label: String, file: String, poster: String? = nil,
                    requestedStart: Double, requestedEnd: Double, actualStart: Double, actualEnd: Double,
                    duration: Double, mode: Mode, container: String, streams: [WrittenStream],
                    warnings: [String] = [], unknownFields: [String: JSONValue] = [:]) {
            self.label = label
            self.file = file
            self.poster = poster
            self.requestedStart = requestedStart
            self.requestedEnd = requestedEnd
            self.actualStart = actualStart
            self.actualEnd = actualEnd
            self.duration = duration
            self.mode = mode
            self.container = container
            self.streams = streams
            self.warnings = warnings
            self.unknownFields = unknownFields
        }
    }

    /// One stream of the written clip.
    public struct WrittenStream: Sendable, Equatable {
        public var index: Int
        /// "video", "audio", "subtitle", ... (StreamInfo.Kind raw values).
        public var kind: String
        public var codec: String
        public var language: String?
        public var unknownFields: [String: JSONValue]

        public init(index: Int, kind: String, codec: String, language: String? = nil,
                    unknownFields: [String: JSONValue] = [:]) {
            self.index = index
            self.kind = kind
            self.codec = codec
            self.language = language
            self.unknownFields = unknownFields
        }
    }

    /// An MQI scoring segment of a lesson, in lesson seconds.
    public struct Segment: Sendable, Equatable {
        /// 1-based.
        public var number: Int
        public var start: Double
        public var end: Double
        public var unknownFields: [String: JSONValue]

        public init(number: Int, start: Double, end: Double, unknownFields: [String: JSONValue] = [:]) {
            self.number = number
            self.start = start
            self.end = end
            self.unknownFields = unknownFields
        }
    }

    /// Who and what the video shows, for search and coaching cycles.
    public struct Context: Sendable, Equatable {
        public var teacher: String?
        /// Free text: "4", "K", "Algebra I".
        public var grade: String?
        public var topic: String?
        /// YYYY-MM-DD.
        public var lessonDate: String?
        public var tags: [String]
        public var unknownFields: [String: JSONValue]

        public init(teacher: String? = nil, grade: String? = nil, topic: String? = nil, lessonDate: String? = nil,
                    tags: [String] = [], unknownFields: [String: JSONValue] = [:]) {
            self.teacher = teacher
            self.grade = grade
            self.topic = topic
            self.lessonDate = lessonDate
            self.tags = tags
            self.unknownFields = unknownFields
        }
    }

    /// Which codebook (instrument) the codes and score points come from.
    public struct CodebookReference: Sendable, Equatable {
        public var id: String
        public var version: String
        public var unknownFields: [String: JSONValue]

        public init(id: String, version: String, unknownFields: [String: JSONValue] = [:]) {
            self.id = id
            self.version = version
            self.unknownFields = unknownFields
        }
    }

    /// One score for one code by one person, with the moments that justify it.
    public struct Annotation: Sendable, Equatable {
        public enum Role: String, FileEnum {
            case coach, teacher, rater
            public static let fieldDescription = "role"
        }

        public var id: String
        /// A code id of the sidecar's codebook.
        public var code: String
        /// A score point id of that code's scale.
        public var score: String
        public var rater: String
        public var role: Role
        public var note: String?
        /// Lesson sidecars: the scoring segment number for segment-level codes; nil for whole-lesson codes.
        public var segment: Int?
        public var evidence: [Evidence]
        public var createdAt: String
        public var updatedAt: String
        public var unknownFields: [String: JSONValue]

        public init(id: String = Annotation.newID(), code: String, score: String, rater: String, role: Role = .rater,
                    note: String? = nil, segment: Int? = nil, evidence: [Evidence] = [],
                    createdAt: String = Sidecar.timestamp(), updatedAt: String? = nil,
                    unknownFields: [String: JSONValue] = [:]) {
            self.id = id
            self.code = code
            self.score = score
            self.rater = rater
            self.role = role
            self.note = note
            self.segment = segment
            self.evidence = evidence
            self.createdAt = createdAt
            self.updatedAt = updatedAt ?? createdAt
            self.unknownFields = unknownFields
        }

        /// A fresh id: random, so raters on different machines never collide.
        public static func newID() -> String {
            "a-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        }
    }

    /// A moment in the clip (or lesson) that supports a score.
    public struct Evidence: Sendable, Equatable {
        /// Seconds from the start of the clip (or lesson).
        public var time: Double
        public var comment: String?
        public var unknownFields: [String: JSONValue]

        public init(time: Double, comment: String? = nil, unknownFields: [String: JSONValue] = [:]) {
            self.time = time
            self.comment = comment
            self.unknownFields = unknownFields
        }
    }
}
