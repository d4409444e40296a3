/// What was scored: a clip (or a whole lesson) or one scoring segment of a lesson.
public struct RatedItem: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The sidecar id (clip id or lesson id).
    public var unit: String
    /// The scoring segment, for segment codes on a lesson; nil for a clip or a whole-lesson code.
    public var segment: Int?

    public init(unit: String, segment: Int? = nil) {
        self.unit = unit
        self.segment = segment
    }

    /// `clip-01`, `lesson#3`.
    public var description: String { segment.map { "\(unit)#\($0)" } ?? unit }

    public static func < (a: Self, b: Self) -> Bool {
        (a.unit, a.segment ?? 0) < (b.unit, b.segment ?? 0)
    }
}

/// One rater's score of one code on one item: the input of agreement figures.
public struct Rating: Sendable, Equatable {
    public var item: RatedItem
    public var code: String
    /// A score point id of the code's scale.
    public var score: String
    public var rater: String
    /// ISO 8601; when a rater scored the same item and code twice, the later score counts.
    public var updatedAt: String

    public init(item: RatedItem, code: String, score: String, rater: String, updatedAt: String) {
        self.item = item
        self.code = code
        self.score = score
        self.rater = rater
        self.updatedAt = updatedAt
    }
}

extension Sidecar {
    /// Every annotation of this sidecar as a rating of (this clip or lesson, its segment).
    public var ratings: [Rating] {
        annotations.map { annotation in
            Rating(item: RatedItem(unit: id, segment: annotation.segment), code: annotation.code,
                   score: annotation.score, rater: annotation.rater, updatedAt: annotation.updatedAt)
        }
    }
}
