import GRDB

/// What the catalog holds, in counts: `library stats`.
public struct CatalogStats: Codable, Sendable {
    public struct CodeCount: Codable, Sendable, Equatable {
        public let code: String
        public let annotations: Int
        public let clips: Int
    }

    public struct LastRun: Codable, Sendable {
        public let run: IngestRun
        /// The files that failed in that run, with their reasons.
        public let failures: [IngestLogEntry]
    }

    public let catalog: String
    public let mediaFolder: String
    /// Applied schema steps, oldest first.
    public let migrations: [String]
    /// Videos by status: present, missing, failed.
    public let videos: [String: Int]
    /// Clips of present videos by kind: clip, lesson, video.
    public let clips: [String: Int]
    public let annotations: Int
    public let raters: Int
    /// Seconds of present video.
    public let totalDuration: Double
    public let thumbnails: Int
    /// Annotations per code (present videos), by code id.
    public let codes: [CodeCount]
    /// The latest ingest run, finished or not.
    public let lastRun: LastRun?
}

extension CatalogDatabase {
    public func stats() throws(CatalogError) -> CatalogStats {
        let (path, mediaFolder) = (path, mediaFolder)
        return try catalogStep(path) {
            try pool.read { db in
                var videos = Dictionary(uniqueKeysWithValues: CatalogVideo.Status.allCases.map { ($0.rawValue, 0) })
                for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM video GROUP BY status") {
                    videos[row["status"]] = row["n"]
                }
                var clips = Dictionary(uniqueKeysWithValues: CatalogClip.Kind.allCases.map { ($0.rawValue, 0) })
                for row in try Row.fetchAll(db, sql: """
                    SELECT c.kind, COUNT(*) AS n FROM clip c JOIN video v ON v.id = c.video_id
                    WHERE v.status = 'present' GROUP BY c.kind
                    """) {
                    clips[row["kind"]] = row["n"]
                }
                let codes = try Row.fetchAll(db, sql: """
                    SELECT a.code, COUNT(*) AS annotations, COUNT(DISTINCT a.clip_id) AS clips
                    FROM annotation a JOIN clip c ON c.id = a.clip_id JOIN video v ON v.id = c.video_id
                    WHERE v.status = 'present' GROUP BY a.code ORDER BY a.code
                    """).map { CatalogStats.CodeCount(code: $0["code"], annotations: $0["annotations"], clips: $0["clips"]) }
                var lastRun: CatalogStats.LastRun?
                if let run = try IngestRun.fetchOne(db, sql: "SELECT * FROM ingest_run ORDER BY started_at DESC, id LIMIT 1") {
                    let failures = try IngestLogEntry.fetchAll(db, sql: """
                        SELECT * FROM ingest_log WHERE run_id = ? AND outcome = 'failed' ORDER BY path
                        """, arguments: [run.id])
                    lastRun = CatalogStats.LastRun(run: run, failures: failures)
                }
                return CatalogStats(
                    catalog: path, mediaFolder: mediaFolder,
                    migrations: try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"),
                    videos: videos, clips: clips,
                    annotations: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM annotation") ?? 0,
                    raters: try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT rater) FROM annotation") ?? 0,
                    totalDuration: try Double.fetchOne(db, sql: """
                        SELECT COALESCE(SUM(duration), 0) FROM video WHERE status = 'present'
                        """) ?? 0,
                    thumbnails: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM thumbnail WHERE kind = 'keyframe'") ?? 0,
                    codes: codes, lastRun: lastRun)
            }
        }
    }
}
