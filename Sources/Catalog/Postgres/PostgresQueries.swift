import ClipCoachCore
import Foundation
import GRDB

/// `library search`, `stats` and `dump` on PostgreSQL: the same plan and hit assembly
/// as on SQLite (`SearchPlan`, `HitAssembler`, `CatalogDump`), the SQL run through
/// `PostgresSession`.
extension PostgresCatalog {
    public func search(_ query: ClipQuery, codebooks: CodebookSet = CodebookSet()) async throws(CatalogError) -> ClipSearchResult {
        let plan = try SearchPlan(query: query, codebooks: codebooks, catalogPath: label)
        let mediaFolder = mediaFolder
        // Timed from a connection in hand, as SQLite's figure is from an open file: a server's
        // pool has one ready; a one-off command's connecting (TCP, SCRAM) is its own cost.
        let (hits, elapsed) = try await session { session in
            let started = ContinuousClock.now
            let ranked = try await Self.keys(plan, session: session)
            let assembler = HitAssembler(plan: plan, mediaFolder: mediaFolder)
            var results: [[Row]] = []
            for fetch in assembler.fetches(for: ranked) { results.append(try await session.rows(fetch.sql, fetch.arguments)) }
            return (try assembler.assemble(ranked, results: results), ContinuousClock.now - started)
        }
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return ClipSearchResult(query: query, hits: hits, queryMilliseconds: milliseconds)
    }

    /// The filter of `plan` in PostgreSQL: each text word's prefixes as term prefixes in
    /// `clip_text.terms`, as the FTS5 query on SQLite.
    private static func filter(_ plan: SearchPlan) -> (sql: String, values: [DatabaseValue]) {
        var sql = plan.portableFilterSQL
        var values = plan.portableFilterValues
        for prefixes in plan.textPrefixes {
            let any = prefixes.map { _ in "(' ' || terms) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ")
            sql += " AND c.id IN (SELECT rowid FROM clip_text WHERE \(any))"
            values += prefixes.map { ("% " + SearchPlan.escapeLike($0) + "%").databaseValue }
        }
        return (sql, values)
    }

    /// Best first, as `SearchPlan.keys`. The rows are asked for in growing pages (a hit
    /// may have several annotations), so the index on (code, merit) is walked only as far as needed.
    static func keys(_ plan: SearchPlan, session: PostgresSession) async throws -> [(SearchPlan.Key, Int?)] {
        let (filterSQL, filterValues) = filter(plan)
        let query = plan.query
        guard query.code != nil else {
            let rows = try await session.rows(SearchPlan.unrankedSQL(filter: filterSQL), filterValues + [query.limit.databaseValue])
            return rows.map { (SearchPlan.Key(clipId: $0["id"], segment: nil), nil) }
        }
        let (sql, leading) = plan.rankedSQL(filter: filterSQL)
        var page = max(query.limit * 4, 64)
        while true {
            let rows = try await session.rows(sql + " LIMIT ?", leading + filterValues + [page.databaseValue])
            var seen = Set<SearchPlan.Key>()
            var keys: [(SearchPlan.Key, Int?)] = []
            for row in rows where keys.count < query.limit {
                let key = SearchPlan.Key(clipId: row["clip_id"], segment: row["segment_number"])
                if seen.insert(key).inserted { keys.append((key, row["merit"])) }
            }
            if keys.count >= query.limit || rows.count < page { return keys }
            page *= 4
        }
    }

    public func stats() async throws(CatalogError) -> CatalogStats {
        let (label, mediaFolder) = (label, mediaFolder)
        return try await session { session in
            var videos = Dictionary(uniqueKeysWithValues: CatalogVideo.Status.allCases.map { ($0.rawValue, 0) })
            for row in try await session.rows("SELECT status, COUNT(*) AS n FROM video GROUP BY status") {
                videos[row["status"]] = row["n"]
            }
            var clips = Dictionary(uniqueKeysWithValues: CatalogClip.Kind.allCases.map { ($0.rawValue, 0) })
            for row in try await session.rows("""
                SELECT c.kind, COUNT(*) AS n FROM clip c JOIN video v ON v.id = c.video_id
                WHERE v.status = 'present' GROUP BY c.kind
                """) {
                clips[row["kind"]] = row["n"]
            }
            let codes = try await session.rows("""
                SELECT a.code, COUNT(*) AS annotations, COUNT(DISTINCT a.clip_id) AS clips
                FROM annotation a JOIN clip c ON c.id = a.clip_id JOIN video v ON v.id = c.video_id
                WHERE v.status = 'present' GROUP BY a.code ORDER BY a.code
                """).map { CatalogStats.CodeCount(code: $0["code"], annotations: $0["annotations"], clips: $0["clips"]) }
            var lastRun: CatalogStats.LastRun?
            if let row = try await session.rows("SELECT * FROM ingest_run ORDER BY started_at DESC, id LIMIT 1").first {
                let run = try IngestRun(row: row)
                let failures = try await session.rows("""
                    SELECT * FROM ingest_log WHERE run_id = ? AND outcome = 'failed' ORDER BY path
                    """, [run.id.databaseValue]).map { try IngestLogEntry(row: $0) }
                lastRun = CatalogStats.LastRun(run: run, failures: failures)
            }
            return CatalogStats(
                catalog: label, mediaFolder: mediaFolder,
                migrations: try await session.rows("SELECT identifier FROM clipcoach_migrations ORDER BY applied_at, identifier")
                    .map { $0["identifier"] },
                videos: videos, clips: clips,
                annotations: try await session.value(Int.self, "SELECT COUNT(*) FROM annotation") ?? 0,
                raters: try await session.value(Int.self, "SELECT COUNT(DISTINCT rater) FROM annotation") ?? 0,
                totalDuration: try await session.value(Double.self, "SELECT COALESCE(SUM(duration), 0) FROM video WHERE status = 'present'") ?? 0,
                thumbnails: try await session.value(Int.self, "SELECT COUNT(*) FROM thumbnail WHERE kind = 'keyframe'") ?? 0,
                codes: codes, lastRun: lastRun)
        }
    }

    /// `CatalogDump.lines` of this catalog: equal to an SQLite catalog's when they hold the same library.
    public func dumpLines(mode: CatalogDump.Mode) async throws(CatalogError) -> [String] {
        try await session { session in
            var lines: [String] = []
            for table in CatalogDump.tables {
                for row in try await session.rows(table.sql) {
                    lines.append(CatalogDump.line(table: table.name, row: row, exactOnly: table.exactOnly, mode: mode))
                }
            }
            return lines.sorted()
        }
    }
}
