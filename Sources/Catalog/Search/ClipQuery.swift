/// What `library search` asks for. Every filter is optional; all given must hold.
public struct ClipQuery: Sendable, Equatable, Codable {
    /// A code id (`richness.explanations`): only clips with an annotation on it, best first.
    public var code: String?
    /// With `code`: only annotations at least this good. "Good" honours the code's
    /// direction: for codes where a higher point is worse (MQI errors.*), `mid` means
    /// `not-present`, `low` or `mid`; elsewhere `mid` means `mid` or `high`.
    public var minimumScore: String?
    /// The context's grade, exactly (case-insensitive): `4`, `K`.
    public var grade: String?
    /// Part of the context's topic (case-insensitive): `fraction` finds "Fractions on a number line".
    public var topic: String?
    /// Words to find in labels, topics, teachers, tags and annotation notes (all of
    /// them, each as a word prefix; `explain` finds "explains", "explanation").
    public var text: String?
    /// At most this many hits (1...10000).
    public var limit: Int
    /// Also clips not cleared as `library` (a librarian's view; each hit says its status).
    /// Without it only `library` clips are found: others show children and teachers who
    /// did not consent to other teachers seeing them.
    public var allStatuses = false

    public static let defaultLimit = 20
    public static let limitRange = 1...10_000

    public init(code: String? = nil, minimumScore: String? = nil, grade: String? = nil, topic: String? = nil,
                text: String? = nil, limit: Int = ClipQuery.defaultLimit) {
        self.code = code
        self.minimumScore = minimumScore
        self.grade = grade
        self.topic = topic
        self.text = text
        self.limit = limit
    }
}
