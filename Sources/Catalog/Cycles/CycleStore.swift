import ClipCoachCore
import Foundation
import GRDB

/// Coaching cycles in the catalog. Every change is one write transaction: read the
/// cycle, apply a `CoachingCycle` transition (which checks the rules), save it with
/// its revision + 1. Changes made outside a transaction (a `pick` cuts clips between
/// reading and saving) are saved with `replace`, which refuses if the cycle moved on.
public struct CycleStore: Sendable {
    /// The catalog, SQLite or PostgreSQL.
    public let catalog: OpenedCatalog

    public init(catalog: OpenedCatalog) {
        self.catalog = catalog
    }

    /// The store on an SQLite catalog.
    public init(catalog: CatalogDatabase) {
        self.catalog = .sqlite(catalog)
    }

    /// Stores a new cycle; returns it with its id and revision 1.
    public func insert(_ cycle: CoachingCycle) throws(CycleStoreError) -> CoachingCycle {
        try requireWritable()
        var stored = cycle
        stored.revision = 1
        let rows = try CycleRowMapping.rows(of: stored, id: nil)
        let id: Int64 = try step {
            try catalog.write { session in
                guard let id = try session.insert(rows.cycle, returningId: true) else {
                    throw CatalogError(.database, path: catalog.label, message: "no id for the new cycle")
                }
                try CycleRowMapping.write(rows, id: id, in: session)
                return id
            }
        }
        stored.id = Int(id)
        return stored
    }

    public func cycle(id: Int) throws(CycleStoreError) -> CoachingCycle {
        let found = try step { try catalog.read { session in try CycleRowMapping.fetch(id: Int64(id), in: session) } }
        guard let found else { throw .noSuchCycle(id: id, catalog: catalog.label) }
        return found
    }

    /// Every cycle, or every cycle of one teacher (matched ignoring case), oldest first.
    public func cycles(teacher: String? = nil) throws(CycleStoreError) -> [CoachingCycle] {
        try step {
            try catalog.read { session in
                let ids = if let teacher {
                    try session.values(Int64.self, "SELECT id FROM coaching_cycle WHERE teacher_key = ? ORDER BY id",
                                       [CoachingCycle.normalizedTeacher(teacher).databaseValue])
                } else {
                    try session.values(Int64.self, "SELECT id FROM coaching_cycle ORDER BY id")
                }
                return try ids.compactMap { id in try CycleRowMapping.fetch(id: id, in: session) }
            }
        }
    }

    /// Applies `change` to the stored cycle and saves it, in one transaction. A rule the
    /// change breaks is thrown as `.rule` and nothing is saved.
    @discardableResult
    public func update(id: Int, _ change: (inout CoachingCycle) throws(CycleError) -> Void) throws(CycleStoreError) -> CoachingCycle {
        try requireWritable()
        return try step {
            try catalog.write { session -> CoachingCycle in
                try session.lock(CatalogLockKey.cycle ^ Int64(id))
                guard var cycle = try CycleRowMapping.fetch(id: Int64(id), in: session) else {
                    throw CycleStoreError.noSuchCycle(id: id, catalog: catalog.label)
                }
                do throws(CycleError) { try change(&cycle) } catch { throw CycleStoreError.rule(error) }
                cycle.revision += 1
                let rows = try CycleRowMapping.rows(of: cycle, id: Int64(id))
                try CycleRowMapping.write(rows, id: Int64(id), in: session)
                try session.update(rows.cycle, id: Int64(id))
                return cycle
            }
        }
    }

    /// Saves `cycle` as the next version of the one read at `cycle.revision`; refuses with
    /// `.changedMeanwhile` when the stored revision is no longer that one.
    @discardableResult
    public func replace(_ cycle: CoachingCycle) throws(CycleStoreError) -> CoachingCycle {
        try requireWritable()
        var saved = cycle
        saved.revision = cycle.revision + 1
        let rows = try CycleRowMapping.rows(of: saved, id: Int64(cycle.id))
        try step {
            try catalog.write { session in
                try session.lock(CatalogLockKey.cycle ^ Int64(cycle.id))
                guard let stored = try session.value(Int.self, "SELECT revision FROM coaching_cycle WHERE id = ?",
                                                     [Int64(cycle.id).databaseValue]) else {
                    throw CycleStoreError.noSuchCycle(id: cycle.id, catalog: catalog.label)
                }
                guard stored == cycle.revision else { throw CycleStoreError.changedMeanwhile(id: cycle.id) }
                try CycleRowMapping.write(rows, id: Int64(cycle.id), in: session)
                try session.update(rows.cycle, id: Int64(cycle.id))
            }
        }
        return saved
    }

    // MARK: - What earlier cycles say about a teacher

    /// The teacher's most recent cycle (highest id), if any.
    public func latestCycle(teacher: String) throws(CycleStoreError) -> CoachingCycle? {
        try cycles(teacher: teacher).last
    }

    /// The teacher's most recent cycle with an action plan: where the next focus comes from.
    public func latestPlannedCycle(teacher: String) throws(CycleStoreError) -> CoachingCycle? {
        try cycles(teacher: teacher).last { $0.plan != nil }
    }

    /// Library clips shown to this teacher in their other cycles: catalog clip id -> cycle id (the first).
    public func usedLibraryClips(teacher: String, excluding cycleID: Int? = nil) throws(CycleStoreError) -> [String: Int] {
        let rows = try step {
            try catalog.read { session in
                try session.rows("""
                    SELECT k.library_clip_id AS clip_id, c.id AS cycle_id
                    FROM coaching_cycle_clip k JOIN coaching_cycle c ON c.id = k.cycle_id
                    WHERE k.kind = 'library' AND k.library_clip_id IS NOT NULL AND c.teacher_key = ? AND c.id <> ?
                    ORDER BY c.id
                    """, [CoachingCycle.normalizedTeacher(teacher).databaseValue, Int64(cycleID ?? 0).databaseValue])
            }
        }
        var used: [String: Int] = [:]
        for row in rows {
            // By name: a PostgreSQL row's columns have no order.
            let clip: Int64 = row["clip_id"], cycle: Int64 = row["cycle_id"]
            if used[String(clip)] == nil { used[String(clip)] = Int(cycle) }
        }
        return used
    }

    /// Fingerprints of the lessons of the teacher's cycles.
    public func lessonFingerprints(teacher: String) throws(CycleStoreError) -> Set<String> {
        let fingerprints = try step {
            try catalog.read { session in
                try session.values(String.self, "SELECT DISTINCT lesson_fingerprint FROM coaching_cycle WHERE teacher_key = ?",
                                   [CoachingCycle.normalizedTeacher(teacher).databaseValue])
            }
        }
        return Set(fingerprints)
    }

    // MARK: - Private

    func requireWritable() throws(CycleStoreError) {
        guard catalog.isWritable else { throw .readOnly(catalog: catalog.label) }
    }

    func step<T>(_ body: () throws -> T) throws(CycleStoreError) -> T {
        do { return try body() } catch let error as CycleStoreError { throw error } catch {
            throw .catalog(catalog.failure(error))
        }
    }
}

extension CatalogDatabase {
    /// Opens a catalog with the coaching-cycle tables (for callers that cannot rely on
    /// the catalog's own migration list holding them yet).
    public static func withCycles(path: String, mustExist: Bool = false) throws(CatalogError) -> CatalogDatabase {
        let registered = CatalogSchema.migrations.contains { $0.identifier == CycleSchemaV1.identifier }
        return try CatalogDatabase(path: path, mustExist: mustExist,
                                   additionalMigrations: registered ? [] : [CycleSchemaV1.migration])
    }
}
