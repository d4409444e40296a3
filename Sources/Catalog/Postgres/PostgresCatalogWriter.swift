import ClipCoachCore
import Foundation
import GRDB

/// `CatalogWriter.store` on PostgreSQL: one file's rows upserted, keeping the ids of
/// the video, its clip and the annotations still in its sidecar. Runs inside the
/// caller's transaction.
enum PostgresCatalogWriter {
    static func existingVideo(path: String, session: PostgresSession) async throws -> CatalogVideo? {
        try await session.rows("SELECT * FROM video WHERE path = ?", [path.databaseValue]).first.map { try CatalogVideo(row: $0) }
    }

    /// Writes what a file's work decided, with its log line. Returns the file's result.
    static func commit(_ work: FileWork, runId: String, session: PostgresSession) async throws -> IngestFileResult {
        switch work {
        case .unchanged(let path):
            return IngestFileResult(path: path, outcome: .unchanged)
        case .failed(let path, let failure):
            let result = IngestFileResult(path: path, outcome: .failed, failure: failure)
            try await session.execute("UPDATE video SET status = 'failed' WHERE path = ? AND status <> 'failed'", [path.databaseValue])
            try await log(result, runId: runId, session: session)
            return result
        case .ingest(let update):
            let clipId = try await store(update, session: session)
            let result = IngestFileResult(path: update.video.path, outcome: .ingested, warnings: update.facts.warnings, clipId: clipId)
            try await log(result, runId: runId, session: session)
            return result
        }
    }

    static func log(_ result: IngestFileResult, runId: String, session: PostgresSession) async throws {
        let entry = IngestLogEntry(id: nil, runId: runId, path: result.path, outcome: result.outcome, reason: result.reason,
                                   loggedAt: Sidecar.timestamp())
        try await session.insert(entry, returningId: true)
    }

    static func store(_ update: VideoUpdate, session: PostgresSession) async throws -> Int64 {
        var video = update.video
        video.id = try await session.value(Int64.self, "SELECT id FROM video WHERE path = ?", [video.path.databaseValue])
        let videoId: Int64
        if let id = video.id {
            try await session.update(video, id: id)
            videoId = id
        } else {
            guard let id = try await session.insert(video, returningId: true) else { throw PostgresWriteError("no id for the video row of \(video.path)") }
            videoId = id
        }
        if let thumbnails = update.thumbnails {
            try await session.execute("DELETE FROM thumbnail WHERE video_id = ?", [videoId.databaseValue])
            for var thumbnail in thumbnails {
                thumbnail.videoId = videoId
                try await session.insert(thumbnail)
            }
        }
        var clip = update.facts.clip
        clip.videoId = videoId
        clip.id = try await session.value(Int64.self, "SELECT id FROM clip WHERE video_id = ?", [videoId.databaseValue])
        let clipId: Int64
        if let id = clip.id {
            try await session.update(clip, id: id)
            clipId = id
        } else {
            guard let id = try await session.insert(clip, returningId: true) else { throw PostgresWriteError("no id for the clip row of \(video.path)") }
            clipId = id
        }
        try await session.execute("DELETE FROM clip_tag WHERE clip_id = ?", [clipId.databaseValue])
        for tag in update.facts.tags { try await session.insert(CatalogClipTag(clipId: clipId, tag: tag)) }
        try await session.execute("DELETE FROM segment WHERE clip_id = ?", [clipId.databaseValue])
        for segment in update.facts.segments {
            try await session.insert(CatalogSegment(clipId: clipId, number: segment.number, startTime: segment.start, endTime: segment.end))
        }
        try await storeAnnotations(update.facts.annotations, clipId: clipId, session: session)
        let text = update.facts.text
        try await session.execute("DELETE FROM clip_text WHERE rowid = ?", [clipId.databaseValue])
        try await session.execute(ClipText.insertSQL, text.insertValues(clipId: clipId))
        return clipId
    }

    private static func storeAnnotations(_ annotations: [ClipFacts.ScoredAnnotation], clipId: Int64, session: PostgresSession) async throws {
        var existing: [String: Int64] = [:]
        for row in try await session.rows("SELECT id, sidecar_annotation_id FROM annotation WHERE clip_id = ?", [clipId.databaseValue]) {
            existing[row["sidecar_annotation_id"]] = row["id"]
        }
        var kept = Set<String>()
        for scored in annotations {
            var annotation = scored.annotation
            annotation.clipId = clipId
            annotation.id = existing[annotation.sidecarAnnotationId]
            let annotationId: Int64
            if let id = annotation.id {
                try await session.update(annotation, id: id)
                annotationId = id
            } else {
                guard let id = try await session.insert(annotation, returningId: true) else { throw PostgresWriteError("no id for an annotation row") }
                annotationId = id
            }
            kept.insert(annotation.sidecarAnnotationId)
            try await session.execute("DELETE FROM evidence WHERE annotation_id = ?", [annotationId.databaseValue])
            for (position, moment) in scored.evidence.enumerated() {
                try await session.insert(CatalogEvidence(annotationId: annotationId, position: position, time: moment.time, comment: moment.comment))
            }
        }
        for (key, id) in existing where !kept.contains(key) {
            try await session.execute("DELETE FROM annotation WHERE id = ?", [id.databaseValue])
        }
    }
}

struct PostgresWriteError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
