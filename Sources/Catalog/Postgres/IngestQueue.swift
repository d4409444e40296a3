import Foundation
import GRDB

/// The shared ingest work queue of a PostgreSQL catalog (table `ingest_queue`): one row per
/// media file a run found. Workers claim rows with `FOR UPDATE SKIP LOCKED` under a lease
/// that a heartbeat extends; a worker that dies stops renewing, its lease runs out and
/// another worker claims the file again. A file whose claims run out `maxAttempts` times
/// is given up as failed, with the reasons.
enum IngestQueue {
    static let schema = [
        """
        CREATE TABLE ingest_queue (
            path TEXT PRIMARY KEY,
            stamp TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'claimed', 'done', 'failed')),
            attempts BIGINT NOT NULL DEFAULT 0,
            worker TEXT,
            lease_until TIMESTAMPTZ,
            reasons TEXT,
            updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """,
        "CREATE INDEX ingest_queue_claimable ON ingest_queue (state, path)",
    ]

    /// A claimed file.
    struct Claim {
        let path: String
        let attempts: Int
        let reasons: String?
    }

    /// What tells a changed file (or sidecar) from the one queued before: sizes and modification times.
    static func stamp(_ scanned: ScannedVideo) -> String? {
        guard let video = FileStamp.of(scanned.path) else { return nil }
        let sidecar = scanned.sidecarPath.flatMap(FileStamp.of)
        return "\(video.size):\(video.modifiedNs):\(sidecar?.size ?? -1):\(sidecar?.modifiedNs ?? -1)"
    }

    /// Queues the files; a file already queued with the same stamp keeps its state (a
    /// second worker joining a run adds nothing), except a failed one: every run tries
    /// it again, as an SQLite ingest does. Returns how many were (re)queued.
    static func enqueue(_ files: [ScannedVideo], session: PostgresSession) async throws -> Int {
        var queued = 0
        let rows = files.map { ($0.path, stamp($0) ?? "gone") }
        for chunkStart in stride(from: 0, to: rows.count, by: 500) {
            let chunk = rows[chunkStart..<min(rows.count, chunkStart + 500)]
            let tuples = Array(repeating: "(?, ?, 'pending', 0)", count: chunk.count).joined(separator: ", ")
            let values = chunk.flatMap { [$0.0.databaseValue, $0.1.databaseValue] }
            queued += try await session.rows("""
                INSERT INTO ingest_queue (path, stamp, state, attempts) VALUES \(tuples)
                ON CONFLICT (path) DO UPDATE SET stamp = EXCLUDED.stamp, state = 'pending', attempts = 0,
                    worker = NULL, lease_until = NULL, reasons = NULL, updated_at = now()
                WHERE ingest_queue.stamp <> EXCLUDED.stamp OR ingest_queue.state = 'failed'
                RETURNING path
                """, values).count
        }
        return queued
    }

    /// Claims the first pending file, or one whose lease ran out, among `paths` queued by this run.
    static func claim(worker: String, leaseSeconds: Double, session: PostgresSession) async throws -> Claim? {
        let rows = try await session.rows("""
            WITH pick AS (
                SELECT path, state AS previous_state, worker AS previous_worker FROM ingest_queue
                WHERE state = 'pending' OR (state = 'claimed' AND lease_until < now())
                ORDER BY path LIMIT 1 FOR UPDATE SKIP LOCKED
            )
            UPDATE ingest_queue q SET state = 'claimed', worker = ?, attempts = q.attempts + 1,
                lease_until = now() + make_interval(secs => ?), updated_at = now(),
                reasons = CASE WHEN pick.previous_state = 'claimed'
                    THEN concat_ws('; ', q.reasons, 'worker ' || pick.previous_worker || ' stopped before finishing (its lease ran out)')
                    ELSE q.reasons END
            FROM pick WHERE q.path = pick.path
            RETURNING q.path, q.attempts, q.reasons
            """, [worker.databaseValue, leaseSeconds.databaseValue])
        guard let row = rows.first else { return nil }
        return Claim(path: row["path"], attempts: row["attempts"], reasons: row["reasons"])
    }

    /// Files other workers hold under a live lease: wait for them (their lease may run out).
    static func claimedElsewhere(session: PostgresSession) async throws -> (count: Int, nextExpiry: Double?) {
        let row = try await session.rows("""
            SELECT COUNT(*) AS n, EXTRACT(EPOCH FROM (MIN(lease_until) - now()))::float8 AS wait
            FROM ingest_queue WHERE state = 'claimed'
            """).first
        return (row?["n"] ?? 0, row?["wait"])
    }

    static func renew(path: String, worker: String, leaseSeconds: Double, session: PostgresSession) async throws {
        try await session.execute("""
            UPDATE ingest_queue SET lease_until = now() + make_interval(secs => ?), updated_at = now()
            WHERE path = ? AND worker = ? AND state = 'claimed'
            """, [leaseSeconds.databaseValue, path.databaseValue, worker.databaseValue])
    }

    /// Marks the file finished, inside the transaction that writes its rows. False when
    /// the lease was lost to another worker meanwhile: the caller rolls back.
    static func finish(path: String, worker: String, state: String, reasons: String? = nil,
                       session: PostgresSession) async throws -> Bool {
        let rows = try await session.rows("""
            UPDATE ingest_queue SET state = ?, reasons = COALESCE(?, reasons), lease_until = NULL, updated_at = now()
            WHERE path = ? AND worker = ? AND state = 'claimed' RETURNING path
            """, [state.databaseValue, reasons.databaseValue, path.databaseValue, worker.databaseValue])
        return !rows.isEmpty
    }
}
