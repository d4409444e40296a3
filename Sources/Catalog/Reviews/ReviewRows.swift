import ClipCoachCore
import GRDB

/// One annotation set's review state as mirrored in the catalog (table `review_set`).
public struct CatalogReviewSet: CatalogRecord, Equatable, PersistableRecord {
    public static let databaseTableName = "review_set"
    public var clipId: Int64
    /// 0 for a clip or a lesson's whole-lesson codes, else the scoring segment.
    public var segmentNumber: Int
    public var state: ReviewState
    public var submittedBy: String?
    public var updatedAt: String
    /// The sidecar revision the mirror was taken from.
    public var sidecarRevision: Int
}

/// One event of a set's audit trail (table `review_event`).
public struct CatalogReviewEvent: CatalogRecord, Equatable, PersistableRecord {
    public static let databaseTableName = "review_event"
    public var clipId: Int64
    public var segmentNumber: Int
    /// 0-based, in trail order.
    public var position: Int
    public var happenedAt: String
    public var actor: String
    public var action: ReviewAction
    public var fromState: ReviewState
    public var toState: ReviewState
    public var comment: String?
    public var sidecarRevision: Int
    /// The event's `changes`, one per line.
    public var changes: String
}
