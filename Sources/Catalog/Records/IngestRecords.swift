import GRDB

/// One `library ingest` run (table `ingest_run`). A run killed midway has no `finishedAt`.
public struct IngestRun: CatalogRecord, Equatable, PersistableRecord {
    public static let databaseTableName = "ingest_run"
    /// A UUID.
    public var id: String
    public var startedAt: String
    public var finishedAt: String?
    /// The folders walked, one per line.
    public var folders: String
    public var jobs: Int
    public var ingested: Int
    public var unchanged: Int
    public var missing: Int
    public var failed: Int
}

/// What happened to one file in one run (table `ingest_log`).
public struct IngestLogEntry: CatalogRecord, Equatable, MutablePersistableRecord {
    public static let databaseTableName = "ingest_log"
    public var id: Int64?
    public var runId: String
    public var path: String
    public var outcome: IngestOutcome
    /// Why it failed, or what an ingest had to work around.
    public var reason: String?
    public var loggedAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The outcome of one file in an ingest run.
public enum IngestOutcome: String, Codable, Sendable, CaseIterable {
    /// Read into the catalog (new, changed, or its sidecar changed).
    case ingested
    /// Same size, modification time and fingerprint, same sidecar: nothing done.
    case unchanged
    /// No longer in its folder: marked missing.
    case missing
    /// Could not be ingested; the reason says why. The run went on.
    case failed
}
