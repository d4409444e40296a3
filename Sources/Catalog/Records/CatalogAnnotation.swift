import GRDB

/// One scored annotation of a clip or lesson (table `annotation`), as its sidecar holds it.
public struct CatalogAnnotation: CatalogRecord, Equatable, MutablePersistableRecord {
    public static let databaseTableName = "annotation"

    /// Stable while the annotation stays in its sidecar (matched by `sidecarAnnotationId`).
    public var id: Int64?
    public var clipId: Int64
    /// The annotation's id inside the sidecar (`a-406155ebc498`).
    public var sidecarAnnotationId: String
    public var code: String
    /// Score point id on the code's scale (`mid`, `3`).
    public var score: String
    /// 0-based position of the score point on the scale, lowest first; nil when the
    /// codebook was not known at ingest.
    public var scoreRank: Int?
    /// How good the teaching is by this score: 0 = worst. Equals `scoreRank`, except for
    /// codes where a higher point is worse (MQI errors.*), where it is `top - scoreRank`.
    /// Search ranks and filters on it, so "best" and "at least as good as" read the same
    /// for every code. nil when `scoreRank` is.
    public var merit: Int?
    public var rater: String
    /// coach, teacher or rater.
    public var role: String
    public var note: String?
    /// Lesson sidecars: the scoring segment a segment-level code scores.
    public var segmentNumber: Int?
    /// From the sidecar, ISO 8601.
    public var createdAt: String
    public var updatedAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A moment supporting an annotation (table `evidence`): seconds from the clip's (or lesson's) start.
public struct CatalogEvidence: CatalogRecord, Equatable, PersistableRecord {
    public static let databaseTableName = "evidence"
    public var annotationId: Int64
    /// Order within the annotation, from 0.
    public var position: Int
    public var time: Double
    public var comment: String?
}
