import ClipCoachCore
import Foundation
import GRDB

/// What the coaching cycle asks of the library catalog: the clips a coach may show,
/// with their scores, and the sidecars that score the teacher's lesson.
extension CycleStore {
    /// Present library clips scored on at least one of `codes`, with all their scores on those codes.
    public func libraryClips(scoredOn codes: [String]) throws(CycleStoreError) -> [LibraryClipFacts] {
        guard !codes.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: codes.count).joined(separator: ", ")
        return try facts(where: "c.id IN (SELECT clip_id FROM annotation WHERE code IN (\(marks)))",
                         values: codes.map(\.databaseValue), scoreCodes: codes)
    }

    /// The present catalog entries with these ids (as the CLI gives them); ids not found are absent.
    public func libraryClips(ids: [String]) throws(CycleStoreError) -> [String: LibraryClipFacts] {
        let numbers = ids.compactMap { Int64($0) }
        guard !numbers.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: numbers.count).joined(separator: ", ")
        let found = try facts(where: "c.id IN (\(marks))", values: numbers.map(\.databaseValue), scoreCodes: nil)
        return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Sidecars the catalog knows for a lesson: clips cut from it and the lesson's own
    /// sidecar (a `segment` file), found by the lesson's fingerprint. Absolute paths, sorted.
    public func sidecarPaths(ofLesson fingerprint: String) throws(CycleStoreError) -> [String] {
        try step {
            try catalog.read { session in
                try session.values(String.self, """
                    SELECT DISTINCT v.sidecar_path FROM clip c JOIN video v ON v.id = c.video_id
                    WHERE v.status = 'present' AND v.sidecar_path IS NOT NULL
                      AND ((c.kind = 'clip' AND c.source_fingerprint = ?) OR (c.kind = 'lesson' AND v.fingerprint = ?))
                    ORDER BY v.sidecar_path
                    """, [fingerprint.databaseValue, fingerprint.databaseValue])
            }
        }
    }

    /// Clip facts for the rows `condition` selects (on `clip c` joined with `video v`).
    /// Scores: on `scoreCodes` only, or every clip-level score when nil.
    private func facts(where condition: String, values: [DatabaseValue],
                       scoreCodes: [String]?) throws(CycleStoreError) -> [LibraryClipFacts] {
        let mediaFolder = catalog.mediaFolder
        return try step {
            try catalog.read { session in
                let rows = try session.rows("""
                    SELECT c.id, c.label, c.duration, c.grade, c.teacher, c.source_fingerprint, c.sidecar_poster, c.sharing,
                           v.path, v.sidecar_path, v.duration AS video_duration,
                           (SELECT t.file FROM thumbnail t WHERE t.video_id = v.id AND t.kind = 'poster'
                            ORDER BY t.file LIMIT 1) AS catalog_poster
                    FROM clip c JOIN video v ON v.id = c.video_id
                    WHERE v.status = 'present' AND \(condition)
                    ORDER BY c.id
                    """, values)
                return try rows.map { row in
                    let id: Int64 = row["id"]
                    let catalogPoster: String? = row["catalog_poster"]
                    let sidecarPoster: String? = row["sidecar_poster"]
                    let clipDuration: Double? = row["duration"]
                    let videoDuration: Double? = row["video_duration"]
                    return LibraryClipFacts(
                        id: String(id), label: row["label"], duration: clipDuration ?? videoDuration ?? 0,
                        grade: row["grade"], teacher: row["teacher"], sourceFingerprint: row["source_fingerprint"],
                        scores: try scores(of: id, codes: scoreCodes, in: session),
                        // The poster `cut` wrote shows the clip as cut; the catalog's is the fallback.
                        files: ClipFilePaths(media: row["path"], poster: sidecarPoster ?? catalogPoster.map { mediaFolder + "/" + $0 },
                                             sidecar: row["sidecar_path"]),
                        sharing: (row["sharing"] as String?).flatMap(SharingStatus.init(rawValue:)))
                }
            }
        }
    }

    /// A clip's scores as a whole clip (not a lesson's segment scores).
    private func scores(of clipID: Int64, codes: [String]?, in session: any CatalogSession) throws -> [LibraryClipFacts.Score] {
        var sql = "SELECT code, score, rater FROM annotation WHERE clip_id = ? AND segment_number IS NULL"
        var values = [clipID.databaseValue]
        if let codes, !codes.isEmpty {
            sql += " AND code IN (\(CatalogSQL.marks(codes.count)))"
            values += codes.map(\.databaseValue)
        }
        sql += " ORDER BY id"
        return try session.rows(sql, values).map { row in
            LibraryClipFacts.Score(code: row["code"], score: row["score"], rater: row["rater"])
        }
    }
}
