import ClipCoachCore

// The cycle board's JSON (docs/studio.md, "Cycle board"). Built from `CoachingCycle`
// without its file paths: clips are named by catalog id.

struct CycleView: Encodable, Sendable {
    struct Clip: Encodable, Sendable {
        let number: Int
        let label: String
        let requested: ClipWindow?
        let actual: ClipWindow?
        let duration: Double?
        let grade: String?
        /// The catalog id, once catalogued: poster at /api/clips/{id}/poster, review page /clip.html?id=.
        let clipID: Int64?
    }

    let id: Int
    let revision: Int
    let teacher: String
    let grade: String?
    let state: CycleState
    let stateLabel: String
    let focusCodes: [String]
    let clips: [Clip]
    let notes: [ClipNote]
    let plan: ActionPlan?
    let createdAt: String
    let closedAt: String?
    let packetURL: String
}

/// POST /api/lessons/{id}/cycles
struct StartCycleRequest: Decodable, Sendable {
    let teacher: String
    let focusCodes: [String]
    let grade: String?
}

/// POST /api/cycles/{id}/pick
struct PickRequest: Decodable, Sendable {
    struct Window: Decodable, Sendable {
        let start: Double
        let end: Double
        let label: String?
    }
    let revision: Int
    let teacherClips: [Window]
    let libraryClipID: String
}

/// PUT /api/cycles/{id}/notes/{clip}
struct NoteRequest: Decodable, Sendable {
    let revision: Int
    let describe: String
    let elevate: String
    let nextSteps: String
}

/// PUT /api/cycles/{id}/plan
struct PlanRequest: Decodable, Sendable {
    let revision: Int
    let goals: [String]
    let nextFocusCodes: [String]
}

/// POST /api/cycles/{id}/close
struct RevisionRequest: Decodable, Sendable {
    let revision: Int
}

/// GET /api/cycles/{id}/suggestions, without where the scores were read.
struct SuggestionsView: Encodable, Sendable {
    let focusCodes: [String]
    let teacherClips: [TeacherClipSuggestion]
    let libraryClips: [LibraryClipSuggestion]
}

/// One row of the library search panel (no teacher names: the board shows the clip, not who).
struct LibraryHit: Encodable, Sendable {
    let id: String
    let label: String?
    let duration: Double
    let grade: String?
    let scores: [LibraryClipFacts.Score]
}
