import ClipCoachCore
import GRDB

/// What a video's sidecar says (table `clip`): one row per ingested video, so every
/// video has a clip id to search, show and pick. `kind` tells a cut clip (clip
/// sidecar), a filmed lesson (lesson sidecar) and a video without a sidecar apart.
public struct CatalogClip: CatalogRecord, Equatable, MutablePersistableRecord {
    public static let databaseTableName = "clip"

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case clip, lesson, video
    }

    /// Stable while the video's path is: re-ingesting a changed file or sidecar keeps it.
    public var id: Int64?
    public var videoId: Int64
    public var kind: Kind
    /// The sidecar's own id (clip or lesson id); nil without a sidecar.
    public var sidecarId: String?
    public var sidecarRevision: Int?
    /// The clip's label, the lesson id, or the file name without extension.
    public var label: String
    /// Seconds: the clip's or lesson's length.
    public var duration: Double?
    /// The video the clip was cut from (absolute; for a lesson, the lesson itself).
    public var sourcePath: String?
    /// Its fingerprint: finds the source in the catalog even after a move.
    public var sourceFingerprint: String?
    /// Clips: the window written, seconds on the source's timeline.
    public var sourceStart: Double?
    public var sourceEnd: Double?
    /// Clips: the window asked for.
    public var requestedStart: Double?
    public var requestedEnd: Double?
    /// Clips: "copy" or "reencode".
    public var mode: String?
    /// The poster `cut` wrote beside the clip (absolute), if any. The catalog's own
    /// poster is a `thumbnail` row of kind `poster`.
    public var sidecarPoster: String?
    public var teacher: String?
    public var grade: String?
    public var topic: String?
    /// YYYY-MM-DD.
    public var lessonDate: String?
    public var codebookId: String?
    public var codebookVersion: String?
    /// The sidecar's sharing status (`SharingStatus`): private without a sidecar or a status.
    public var sharing: String = SharingStatus.private.rawValue

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A tag of a clip's context (table `clip_tag`).
public struct CatalogClipTag: CatalogRecord, Equatable, PersistableRecord {
    public static let databaseTableName = "clip_tag"
    public var clipId: Int64
    public var tag: String
}

/// A lesson's MQI scoring segment (table `segment`), seconds on the lesson's timeline.
public struct CatalogSegment: CatalogRecord, Equatable, PersistableRecord {
    public static let databaseTableName = "segment"
    public var clipId: Int64
    /// 1-based.
    public var number: Int
    public var startTime: Double
    public var endTime: Double
}
