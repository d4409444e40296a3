/// The `review` part of a sidecar: one entry per annotation set that has been through review.
///
/// Stored under the sidecar's top-level `review` key (docs/sidecar.md, "Review"). Like every
/// sidecar type it keeps fields it does not know and writes them back.
public struct ReviewRecord: Sendable, Equatable {
    public var sets: [ReviewSet]
    public var unknownFields: [String: JSONValue]

    public init(sets: [ReviewSet] = [], unknownFields: [String: JSONValue] = [:]) {
        self.sets = sets
        self.unknownFields = unknownFields
    }

    /// The set of a segment (nil: the clip, or a lesson's whole-lesson codes), if it has a record.
    public func set(segment: Int?) -> ReviewSet? { sets.first { $0.segment == segment } }
}

/// One annotation set's state and its audit trail, oldest event first.
public struct ReviewSet: Sendable, Equatable {
    /// Lesson sidecars: the scoring segment; nil for a clip or the whole-lesson codes.
    public var segment: Int?
    public var state: ReviewState
    /// Who submitted it last: a reviewer other than this person decides.
    public var submittedBy: String?
    public var updatedAt: String
    public var events: [ReviewEvent]
    public var unknownFields: [String: JSONValue]

    public init(segment: Int?, state: ReviewState = .draft, submittedBy: String? = nil,
                updatedAt: String = Sidecar.timestamp(), events: [ReviewEvent] = [],
                unknownFields: [String: JSONValue] = [:]) {
        self.segment = segment
        self.state = state
        self.submittedBy = submittedBy
        self.updatedAt = updatedAt
        self.events = events
        self.unknownFields = unknownFields
    }
}

/// One line of the audit trail: who did what when, and what it changed.
public struct ReviewEvent: Sendable, Equatable {
    public var at: String
    public var by: String
    public var action: ReviewAction
    public var from: ReviewState
    public var to: ReviewState
    public var comment: String?
    /// The sidecar revision this event was saved in.
    public var revision: Int
    /// What changed, for people: `score of a-1f2e richness.explanations (ana): low -> mid`.
    public var changes: [String]
    /// Submit, accept and request-changes record the set's annotations as they were then, so
    /// the next decision can list what changed since, whoever made the change and how.
    public var snapshot: [AnnotationSnapshot]?
    public var unknownFields: [String: JSONValue]

    public init(at: String = Sidecar.timestamp(), by: String, action: ReviewAction, from: ReviewState, to: ReviewState,
                comment: String? = nil, revision: Int, changes: [String] = [], snapshot: [AnnotationSnapshot]? = nil,
                unknownFields: [String: JSONValue] = [:]) {
        self.at = at
        self.by = by
        self.action = action
        self.from = from
        self.to = to
        self.comment = comment
        self.revision = revision
        self.changes = changes
        self.snapshot = snapshot
        self.unknownFields = unknownFields
    }
}

/// An annotation as a reviewer saw it: enough to tell what changed later.
public struct AnnotationSnapshot: Sendable, Equatable {
    public var id: String
    public var code: String
    public var score: String
    public var rater: String
    public var unknownFields: [String: JSONValue]

    public init(id: String, code: String, score: String, rater: String, unknownFields: [String: JSONValue] = [:]) {
        self.id = id
        self.code = code
        self.score = score
        self.rater = rater
        self.unknownFields = unknownFields
    }

    public init(_ annotation: Sidecar.Annotation) {
        self.init(id: annotation.id, code: annotation.code, score: annotation.score, rater: annotation.rater)
    }

    /// `a-1f2e richness.explanations = mid (ana)`.
    public var summary: String { "\(id) \(code) = \(score) (\(rater))" }
}
