import Foundation
import GRDB

/// A filmed lesson as the studio lists it: a catalogued video (with a lesson sidecar or none)
/// and what has been done with it. Paths are absolute and never leave the server.
public struct StudioLesson: Sendable, Equatable {
    public var id: Int64
    public var label: String
    public var videoPath: String
    public var sidecarPath: String?
    public var fingerprint: String
    public var duration: Double?
    /// The file's first timestamp: lesson time 0 is this source time.
    public var startTime: Double?
    public var teacher: String?
    public var grade: String?
    public var lessonDate: String?
    /// The catalog's poster, absolute; nil when there is none.
    public var posterPath: String?
    public var annotationCount: Int
    public var clipCount: Int
    public var cycleCount: Int
}

/// A keyframe thumbnail the catalog made at ingest, time on the file's own timeline.
public struct StudioThumbnail: Sendable, Equatable {
    public var time: Double
    /// Absolute.
    public var path: String
}

/// A clip cut from a lesson, window on the lesson's timeline.
public struct StudioLessonClip: Sendable, Equatable {
    public var id: Int64
    public var label: String
    public var start: Double?
    public var end: Double?
    public var requestedStart: Double?
    public var requestedEnd: Double?
    public var hasSidecar: Bool
}

extension OpenedCatalog {
    /// Every present lesson (a video with a lesson sidecar, or without any sidecar) whose file
    /// lies directly in one of `folders` (absolute, standardized), in label order.
    public func studioLessons(in folders: [String]) throws(CatalogError) -> [StudioLesson] {
        let wanted = Set(folders.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        let mediaFolder = mediaFolder
        return try reading { session in try Self.studioLessons(in: session, mediaFolder: mediaFolder, id: nil) }
            .filter { wanted.contains(URL(fileURLWithPath: $0.videoPath).deletingLastPathComponent().standardizedFileURL.path) }
    }

    /// One lesson by catalog clip id; nil when there is none (or it is a cut clip).
    public func studioLesson(id: Int64) throws(CatalogError) -> StudioLesson? {
        let mediaFolder = mediaFolder
        return try reading { session in try Self.studioLessons(in: session, mediaFolder: mediaFolder, id: id).first }
    }

    /// The keyframe thumbnails of a catalogued video, in time order.
    public func keyframeThumbnails(clipID: Int64) throws(CatalogError) -> [StudioThumbnail] {
        let mediaFolder = mediaFolder
        return try reading { session in
            try session.rows("""
                SELECT t.time, t.file FROM thumbnail t JOIN clip c ON c.video_id = t.video_id
                WHERE c.id = ? AND t.kind = 'keyframe' ORDER BY t.time
                """, [clipID.databaseValue]).map { row in
                StudioThumbnail(time: row["time"], path: mediaFolder + "/" + (row["file"] as String))
            }
        }
    }

    /// The present clips whose sidecar says they were cut from the video with `fingerprint`.
    public func clipsCut(fromFingerprint fingerprint: String) throws(CatalogError) -> [StudioLessonClip] {
        try reading { session in
            try session.rows("""
                SELECT c.id, c.label, c.source_start, c.source_end, c.requested_start, c.requested_end,
                       v.sidecar_path IS NOT NULL AS has_sidecar
                FROM clip c JOIN video v ON v.id = c.video_id
                WHERE c.kind = 'clip' AND v.status = 'present' AND c.source_fingerprint = ?
                ORDER BY c.source_start, c.id
                """, [fingerprint.databaseValue]).map { row in
                StudioLessonClip(id: row["id"], label: row["label"], start: row["source_start"], end: row["source_end"],
                                 requestedStart: row["requested_start"], requestedEnd: row["requested_end"],
                                 hasSidecar: row["has_sidecar"])
            }
        }
    }

    static func studioLessons(in session: any CatalogSession, mediaFolder: String, id: Int64?) throws -> [StudioLesson] {
        var sql = """
            SELECT c.id, c.label, c.duration, c.teacher, c.grade, c.lesson_date, v.path, v.sidecar_path, v.fingerprint,
                   v.start_time,
                   (SELECT t.file FROM thumbnail t WHERE t.video_id = v.id AND t.kind = 'poster' ORDER BY t.file LIMIT 1) AS poster,
                   (SELECT COUNT(*) FROM annotation a WHERE a.clip_id = c.id) AS annotations,
                   (SELECT COUNT(*) FROM clip k JOIN video kv ON kv.id = k.video_id
                     WHERE k.kind = 'clip' AND kv.status = 'present' AND k.source_fingerprint = v.fingerprint) AS clips,
                   (SELECT COUNT(*) FROM coaching_cycle y WHERE y.lesson_fingerprint = v.fingerprint) AS cycles
            FROM clip c JOIN video v ON v.id = c.video_id
            WHERE v.status = 'present' AND c.kind IN ('lesson', 'video')
            """
        var values: [DatabaseValue] = []
        if let id {
            sql += " AND c.id = ?"
            values = [id.databaseValue]
        }
        sql += " ORDER BY c.label, c.id"
        return try session.rows(sql, values).map { row in
            let poster: String? = row["poster"]
            return StudioLesson(
                id: row["id"], label: row["label"], videoPath: row["path"], sidecarPath: row["sidecar_path"],
                fingerprint: row["fingerprint"], duration: row["duration"], startTime: row["start_time"],
                teacher: row["teacher"], grade: row["grade"], lessonDate: row["lesson_date"],
                posterPath: poster.map { mediaFolder + "/" + $0 }, annotationCount: row["annotations"],
                clipCount: row["clips"], cycleCount: row["cycles"])
        }
    }
}
