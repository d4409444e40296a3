/// One search result: a clip (or a scored segment of a lesson) with where to play it.
public struct ClipHit: Codable, Sendable, Equatable {
    /// One annotation on the searched code.
    public struct Rating: Codable, Sendable, Equatable {
        public let annotationId: Int64
        public let sidecarAnnotationId: String
        public let rater: String
        public let role: String
        public let score: String
        public let merit: Int?
    }

    public let clipId: Int64
    public let videoId: Int64
    public let kind: CatalogClip.Kind
    public let label: String
    /// The media file to play, absolute.
    public let file: String
    /// The catalog's poster of the file, absolute; nil if it has none.
    public let poster: String?
    /// Where in `file` the hit lies, seconds from its start: the whole clip, or a lesson's segment.
    public let start: Double
    public let end: Double?
    /// Lesson hits: the scoring segment.
    public let segment: Int?
    /// Clips: the lesson they were cut from and the window in it.
    public let sourcePath: String?
    public let sourceStart: Double?
    public let sourceEnd: Double?
    public let teacher: String?
    public let grade: String?
    public let topic: String?
    public let tags: [String]
    /// With a code search: the code, the best score point on it and that point's label.
    public let code: String?
    public let score: String?
    public let scoreLabel: String?
    /// The best score's merit (see `CatalogAnnotation.merit`): what the hits are ranked by.
    public let merit: Int?
    /// Every annotation on the code for this hit, best first.
    public let ratings: [Rating]
    /// The score points given on the code, best first, each with who gave it; more than
    /// one when the raters disagree.
    public let scores: [ScorePoint]
    /// True when raters gave this hit different score points on the code.
    public let disagreement: Bool
    /// The clip's sharing status: private, coaching or library.
    public let sharing: String
}

extension ClipHit {
    /// One score point and the raters who gave it.
    public struct ScorePoint: Codable, Sendable, Equatable {
        public let score: String
        public let raters: [String]
    }

    /// `ratings` (best first) grouped by score point, in that order.
    static func scorePoints(_ ratings: [Rating]) -> [ScorePoint] {
        var order: [String] = []
        var raters: [String: [String]] = [:]
        for rating in ratings {
            if raters[rating.score] == nil { order.append(rating.score) }
            raters[rating.score, default: []].append(rating.rater)
        }
        return order.map { ScorePoint(score: $0, raters: raters[$0] ?? []) }
    }

    /// The hit's score in a line: "high (High)" for one rating, "high (ana, bo)" when raters
    /// agree, "high (ana), low (bo)" when they do not; "-" without a code.
    public var scoreSummary: String {
        guard let score else { return "-" }
        if ratings.count <= 1 { return scoreLabel.map { "\(score) (\($0))" } ?? score }
        return scores.map { "\($0.score) (\($0.raters.joined(separator: ", ")))" }.joined(separator: ", ")
    }
}

/// A search's hits, ranked, and how long the catalog took to answer.
public struct ClipSearchResult: Codable, Sendable {
    public let query: ClipQuery
    public let hits: [ClipHit]
    /// Time spent in the database for this search (the query and the hits' details).
    public let queryMilliseconds: Double
}
