import ClipCoachCore

// What the studio's JSON API answers and accepts (docs/studio.md, Schemas/studio-openapi.json).
// Files are named by catalog id only: no path reaches a URL or an answer.

/// One lesson on the home page.
struct LessonSummary: Encodable, Sendable {
    let id: Int64
    let label: String
    let duration: Double?
    let teacher: String?
    let grade: String?
    let date: String?
    let posterURL: String?
    /// Annotations in the lesson sidecar (scores).
    let scoreCount: Int
    let clipCount: Int
    let cycleCount: Int
    /// Suggested moments stored by `clipcoach moments` (0 until it has run).
    let momentCount: Int
}

/// The lesson page: the player, filmstrip, timeline lanes.
struct LessonDetail: Encodable, Sendable {
    struct Segment: Encodable, Sendable {
        let number: Int
        let start: Double
        let end: Double
    }

    struct Thumbnail: Encodable, Sendable {
        /// Lesson time, seconds.
        let time: Double
        let url: String
    }

    struct Clip: Encodable, Sendable {
        let id: Int64
        let label: String
        /// Lesson time of the clip as written (a copy starts at the keyframe before the asked start).
        let start: Double?
        let end: Double?
        let requestedStart: Double?
        let requestedEnd: Double?
        let posterURL: String
        let reviewURL: String?
    }

    /// A stretch of the stored talk map (`clipcoach moments`): who talks, lesson time.
    struct TalkStretch: Encodable, Sendable {
        let start: Double
        let end: Double
        /// teacher, student or group.
        let speaker: String
    }

    struct Pause: Encodable, Sendable {
        let start: Double
        let end: Double
    }

    /// A suggested moment stored by `clipcoach moments`, lesson time.
    struct Moment: Encodable, Sendable {
        let start: Double
        let end: Double
        let code: String
        let rank: Int
        let reasons: [String]
    }

    let summary: LessonSummary
    let mediaURL: String
    let mediaType: String
    /// The lesson sidecar's revision: writes to it name it (409 when it moved on).
    let revision: Int?
    let codebook: String
    let segments: [Segment]
    let annotations: [Sidecar.Annotation]
    let filmstrip: [Thumbnail]
    let clips: [Clip]
    /// The stored talk map and moments; empty until `clipcoach moments` has run on the lesson.
    let talk: [TalkStretch]
    let pauses: [Pause]
    let moments: [Moment]
    let reviewURL: String?
}

/// POST /api/lessons/{id}/cuts
struct CutRequest: Decodable, Sendable {
    /// Lesson time, seconds.
    let start: Double
    let end: Double
    let label: String?
}

/// A cut running on the server, as GET /api/jobs/{id} and its event stream report it.
struct CutJobState: Encodable, Sendable, Equatable {
    enum State: String, Encodable, Sendable { case running, done, failed }
    let id: String
    let lessonID: Int64
    var state: State
    /// 0...1.
    var progress: Double
    var message: String?
    /// The catalog id of the clip once it is cut and catalogued.
    var clipID: Int64?
    var label: String?
    var start: Double?
    var end: Double?
}
