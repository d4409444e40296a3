import GRDB

// One record type per coaching-cycle table (CycleSchemaV1). They are storage only:
// `CycleRowMapping` turns them into a `CoachingCycle` and back.

struct CycleRow: CatalogRecord, Equatable, MutablePersistableRecord {
    static let databaseTableName = "coaching_cycle"
    var id: Int64?
    var revision: Int
    var teacher: String
    /// The teacher's name lowercased and trimmed: how cycles are found by teacher.
    var teacherKey: String
    var grade: String?
    var lessonPath: String
    var lessonFingerprint: String
    var lessonDuration: Double
    var codebookId: String
    var codebookVersion: String
    var minClipLength: Double
    var maxClipLength: Double
    var state: String
    var previousCycleId: Int64?
    var clipFolder: String?
    var planSetAt: String?
    var createdAt: String
    var updatedAt: String
    var closedAt: String?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct CycleCodeRow: CatalogRecord, Equatable, PersistableRecord {
    static let databaseTableName = "coaching_cycle_code"
    var cycleId: Int64
    /// "focus" or "next-focus" (`FocusList` raw values).
    var purpose: String
    var position: Int
    var code: String
}

struct CycleClipRow: CatalogRecord, Equatable, PersistableRecord {
    static let databaseTableName = "coaching_cycle_clip"
    var cycleId: Int64
    var number: Int
    /// "teacher" or "library".
    var kind: String
    var label: String?
    var libraryClipId: Int64?
    var requestedStart: Double?
    var requestedEnd: Double?
    var actualStart: Double?
    var actualEnd: Double?
    var duration: Double?
    var grade: String?
    var mediaPath: String?
    var posterPath: String?
    var sidecarPath: String?
}

struct CycleNoteRow: CatalogRecord, Equatable, PersistableRecord {
    static let databaseTableName = "coaching_cycle_note"
    var cycleId: Int64
    var clipNumber: Int
    var describeText: String
    var elevateText: String
    var nextStepsText: String
    var updatedAt: String
}

struct CycleGoalRow: CatalogRecord, Equatable, PersistableRecord {
    static let databaseTableName = "coaching_cycle_goal"
    var cycleId: Int64
    var position: Int
    var goal: String
}
