import Foundation
import GRDB

/// A catalog clip the review page can show: present on disk, with a sidecar to annotate.
public struct ReviewableClip: Sendable, Equatable, Codable {
    public var id: Int64
    public var kind: CatalogClip.Kind
    public var label: String
    /// The media file, absolute. Served by id only: never put in a URL.
    public var videoPath: String
    /// The sidecar, absolute.
    public var sidecarPath: String
    /// The catalog's poster (or the one `cut` wrote), absolute; nil if there is none.
    public var posterPath: String?
    public var duration: Double?
    public var container: String
}

extension OpenedCatalog {
    /// Every present clip or lesson with a sidecar, in catalog id order.
    public func reviewableClips() throws(CatalogError) -> [ReviewableClip] {
        let mediaFolder = mediaFolder
        return try reading { session in try Self.reviewableClips(in: session, mediaFolder: mediaFolder, id: nil) }
    }

    /// One reviewable clip by catalog id; nil when there is none with that id.
    public func reviewableClip(id: Int64) throws(CatalogError) -> ReviewableClip? {
        let mediaFolder = mediaFolder
        return try reading { session in try Self.reviewableClips(in: session, mediaFolder: mediaFolder, id: id).first }
    }

    /// The catalog id of the clip whose sidecar is at `sidecarPath` (absolute), if catalogued.
    public func clipID(forSidecar sidecarPath: String) throws(CatalogError) -> Int64? {
        let absolute = URL(fileURLWithPath: sidecarPath).standardizedFileURL.path
        return try reading { session in
            try session.value(Int64.self, """
                SELECT c.id FROM clip c JOIN video v ON v.id = c.video_id WHERE v.sidecar_path = ? ORDER BY c.id LIMIT 1
                """, [absolute.databaseValue])
        }
    }

    static func reviewableClips(in session: any CatalogSession, mediaFolder: String, id: Int64?) throws -> [ReviewableClip] {
        var sql = """
            SELECT c.id, c.kind, c.label, c.duration, c.sidecar_poster, v.path, v.sidecar_path, v.container,
                   (SELECT t.file FROM thumbnail t WHERE t.video_id = v.id AND t.kind = 'poster' ORDER BY t.file LIMIT 1) AS poster
            FROM clip c JOIN video v ON v.id = c.video_id
            WHERE v.status = 'present' AND v.sidecar_path IS NOT NULL AND c.kind IN ('clip', 'lesson')
            """
        var values: [DatabaseValue] = []
        if let id {
            sql += " AND c.id = ?"
            values = [id.databaseValue]
        }
        sql += " ORDER BY c.id"
        return try session.rows(sql, values).compactMap { row in
            guard let kind = CatalogClip.Kind(rawValue: row["kind"]), let sidecar: String = row["sidecar_path"] else { return nil }
            let poster: String? = row["poster"]
            return ReviewableClip(id: row["id"], kind: kind, label: row["label"], videoPath: row["path"], sidecarPath: sidecar,
                                  posterPath: poster.map { mediaFolder + "/" + $0 } ?? row["sidecar_poster"],
                                  duration: row["duration"], container: row["container"])
        }
    }
}

extension CatalogDatabase {
    /// `OpenedCatalog.reviewableClips` on this SQLite catalog.
    public func reviewableClips() throws(CatalogError) -> [ReviewableClip] {
        try OpenedCatalog.sqlite(self).reviewableClips()
    }
}
