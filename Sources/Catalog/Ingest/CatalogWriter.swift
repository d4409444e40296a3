import ClipCoachCore
import Foundation
import GRDB

/// The ingest's writes. Each file is one transaction (its video, thumbnails, clip,
/// tags, segments, annotations, evidence, full-text entry and log line together),
/// so a run killed at any moment leaves every file either as before or done.
/// GRDB runs the transactions one at a time on its writer connection.
struct CatalogWriter: Sendable {
    let catalog: CatalogDatabase
    let runId: String

    static func existingVideo(path: String, in catalog: CatalogDatabase) async throws(CatalogError) -> CatalogVideo? {
        try await catalogStepAsync(catalog.path) {
            try await catalog.pool.read { db in
                try CatalogVideo.filter(Column("path") == path).fetchOne(db)
            }
        }
    }

    func startRun(folders: [String], jobs: Int) async throws(CatalogError) {
        let run = IngestRun(id: runId, startedAt: Sidecar.timestamp(), finishedAt: nil,
                            folders: folders.joined(separator: "\n"), jobs: jobs,
                            ingested: 0, unchanged: 0, missing: 0, failed: 0)
        try await write { db in try run.insert(db) }
    }

    func finishRun(_ counts: IngestCounts) async throws(CatalogError) {
        let runId = runId
        try await write { db in
            try db.execute(sql: """
                UPDATE ingest_run SET finished_at = ?, ingested = ?, unchanged = ?, missing = ?, failed = ? WHERE id = ?
                """, arguments: [Sidecar.timestamp(), counts.ingested, counts.unchanged, counts.missing, counts.failed, runId])
        }
    }

    /// Writes what a file's task decided; returns the file's result.
    func commit(_ work: FileWork) async throws(CatalogError) -> IngestFileResult {
        switch work {
        case .unchanged(let path):
            // Nothing to write: the log lines of unchanged files go in one batch at the end.
            return IngestFileResult(path: path, outcome: .unchanged)
        case .failed(let path, let failure):
            let result = IngestFileResult(path: path, outcome: .failed, failure: failure)
            let entry = logEntry(result)
            try await write { db in
                // A file that ingested before and no longer does keeps its rows, out of search.
                try db.execute(sql: "UPDATE video SET status = 'failed' WHERE path = ? AND status <> 'failed'",
                               arguments: [path])
                var entry = entry
                try entry.insert(db)
            }
            return result
        case .ingest(let update):
            let path = update.video.path
            let warnings = update.facts.warnings
            let runId = runId
            let clipId = try await write { db in
                let clipId = try Self.store(update, in: db)
                var entry = IngestLogEntry(id: nil, runId: runId, path: path, outcome: .ingested,
                                           reason: warnings.isEmpty ? nil : warnings.joined(separator: "; "),
                                           loggedAt: Sidecar.timestamp())
                try entry.insert(db)
                return clipId
            }
            return IngestFileResult(path: path, outcome: .ingested, warnings: warnings, clipId: clipId)
        }
    }

    /// Marks the catalog's files under `roots` that the walk did not find as missing.
    func markMissing(under roots: [IngestRoot], seen: Set<String>) async throws(CatalogError) -> [IngestFileResult] {
        let runId = runId
        return try await write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, path FROM video WHERE status <> 'missing' ORDER BY path")
            var results: [IngestFileResult] = []
            for row in rows {
                let path: String = row["path"]
                guard !seen.contains(path), roots.contains(where: { $0.contains(path) }) else { continue }
                let id: Int64 = row["id"]
                try db.execute(sql: "UPDATE video SET status = 'missing' WHERE id = ?", arguments: [id])
                var entry = IngestLogEntry(id: nil, runId: runId, path: path, outcome: .missing, reason: nil,
                                           loggedAt: Sidecar.timestamp())
                try entry.insert(db)
                results.append(IngestFileResult(path: path, outcome: .missing))
            }
            return results
        }
    }

    func logUnchanged(_ paths: [String]) async throws(CatalogError) {
        guard !paths.isEmpty else { return }
        let runId = runId
        try await write { db in
            let now = Sidecar.timestamp()
            for path in paths {
                var entry = IngestLogEntry(id: nil, runId: runId, path: path, outcome: .unchanged, reason: nil, loggedAt: now)
                try entry.insert(db)
            }
        }
    }

    /// Every media folder a video row refers to (present, missing or failed).
    func referencedMediaFolders() async throws(CatalogError) -> Set<String> {
        let catalog = catalog
        let folders = try await catalogStepAsync(catalog.path) {
            try await catalog.pool.read { db in try String.fetchAll(db, sql: "SELECT media_folder FROM video") }
        }
        return Set(folders)
    }

    private func logEntry(_ result: IngestFileResult) -> IngestLogEntry {
        IngestLogEntry(id: nil, runId: runId, path: result.path, outcome: result.outcome, reason: result.reason,
                       loggedAt: Sidecar.timestamp())
    }

    private func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws(CatalogError) -> T {
        let catalog = catalog
        return try await catalogStepAsync(catalog.path) { try await catalog.pool.write(updates) }
    }
}

extension CatalogWriter {
    /// Upserts one file's rows, keeping the ids of the video, its clip and the
    /// annotations still in its sidecar (others will refer to them). Returns the clip id.
    static func store(_ update: VideoUpdate, in db: Database) throws -> Int64 {
        var video = update.video
        video.id = try Int64.fetchOne(db, sql: "SELECT id FROM video WHERE path = ?", arguments: [video.path])
        if video.id == nil { try video.insert(db) } else { try video.update(db) }
        guard let videoId = video.id else { throw DatabaseError(message: "no id for the video row of \(video.path)") }

        if let thumbnails = update.thumbnails {
            try db.execute(sql: "DELETE FROM thumbnail WHERE video_id = ?", arguments: [videoId])
            for var thumbnail in thumbnails {
                thumbnail.videoId = videoId
                try thumbnail.insert(db)
            }
        }

        var clip = update.facts.clip
        clip.videoId = videoId
        clip.id = try Int64.fetchOne(db, sql: "SELECT id FROM clip WHERE video_id = ?", arguments: [videoId])
        if clip.id == nil { try clip.insert(db) } else { try clip.update(db) }
        guard let clipId = clip.id else { throw DatabaseError(message: "no id for the clip row of \(video.path)") }

        try db.execute(sql: "DELETE FROM clip_tag WHERE clip_id = ?", arguments: [clipId])
        for tag in update.facts.tags { try CatalogClipTag(clipId: clipId, tag: tag).insert(db) }
        try db.execute(sql: "DELETE FROM segment WHERE clip_id = ?", arguments: [clipId])
        for segment in update.facts.segments {
            try CatalogSegment(clipId: clipId, number: segment.number, startTime: segment.start, endTime: segment.end).insert(db)
        }
        try storeAnnotations(update.facts.annotations, clipId: clipId, in: db)
        try storeText(update.facts.text, clipId: clipId, in: db)
        return clipId
    }

    private static func storeAnnotations(_ annotations: [ClipFacts.ScoredAnnotation], clipId: Int64, in db: Database) throws {
        var existing: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, sidecar_annotation_id FROM annotation WHERE clip_id = ?",
                                    arguments: [clipId]) {
            existing[row["sidecar_annotation_id"]] = row["id"]
        }
        var kept = Set<String>()
        for scored in annotations {
            var annotation = scored.annotation
            annotation.clipId = clipId
            annotation.id = existing[annotation.sidecarAnnotationId]
            if annotation.id == nil { try annotation.insert(db) } else { try annotation.update(db) }
            guard let annotationId = annotation.id else { throw DatabaseError(message: "no id for an annotation row") }
            kept.insert(annotation.sidecarAnnotationId)
            try db.execute(sql: "DELETE FROM evidence WHERE annotation_id = ?", arguments: [annotationId])
            for (position, moment) in scored.evidence.enumerated() {
                try CatalogEvidence(annotationId: annotationId, position: position, time: moment.time,
                                    comment: moment.comment).insert(db)
            }
        }
        for (key, id) in existing where !kept.contains(key) {
            try db.execute(sql: "DELETE FROM annotation WHERE id = ?", arguments: [id])
        }
    }

    static func storeText(_ text: ClipText, clipId: Int64, in db: Database) throws {
        try db.execute(sql: "DELETE FROM clip_text WHERE rowid = ?", arguments: [clipId])
        try db.execute(sql: ClipText.insertSQL, arguments: StatementArguments(text.insertValues(clipId: clipId)))
    }
}
