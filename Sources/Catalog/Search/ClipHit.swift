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
    /// The clip's sharing status: private, coaching or library.
    public let sharing: String
}

/// A search's hits, ranked, and how long the catalog took to answer.
public struct ClipSearchResult: Codable, Sendable {
    public let query: ClipQuery
    public let hits: [ClipHit]
    /// Time spent in the database for this search (the query and the hits' details).
    public let queryMilliseconds: Double
}
