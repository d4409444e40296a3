import GRDB

/// Everything the catalog holds about one clip: `library show ID`.
public struct ClipDetails: Codable, Sendable {
    public struct Annotation: Codable, Sendable {
        public let annotation: CatalogAnnotation
        public let evidence: [CatalogEvidence]
    }

    public let clip: CatalogClip
    public let video: CatalogVideo
    /// The catalog's poster, absolute.
    public let poster: String?
    public let tags: [String]
    public let segments: [CatalogSegment]
    /// In sidecar order.
    public let annotations: [Annotation]
    /// Keyframe thumbnails in time order, `file` absolute.
    public let thumbnails: [CatalogThumbnail]
}

extension CatalogDatabase {
    /// The clip with catalog id `id`, with its video, annotations and pictures.
    public func clipDetails(id: Int64) throws(CatalogError) -> ClipDetails {
        try OpenedCatalog.sqlite(self).clipDetails(id: id)
    }
}

extension OpenedCatalog {
    /// The clip with catalog id `id`, with its video, annotations and pictures: the same
    /// statements on SQLite and PostgreSQL.
    public func clipDetails(id: Int64) throws(CatalogError) -> ClipDetails {
        let mediaFolder = mediaFolder
        let key = [id.databaseValue]
        let found = try reading { session -> ClipDetails? in
            guard let clipRow = try session.rows("SELECT * FROM clip WHERE id = ?", key).first else { return nil }
            let clip = try CatalogClip(row: clipRow)
            guard let videoRow = try session.rows("SELECT * FROM video WHERE id = ?", [clip.videoId.databaseValue]).first
            else { return nil }
            let pictures = try session.rows("SELECT * FROM thumbnail WHERE video_id = ? ORDER BY time, file",
                                            [clip.videoId.databaseValue])
                .map { row in
                    var picture = try CatalogThumbnail(row: row)
                    picture.file = mediaFolder + "/" + picture.file
                    return picture
                }
            let annotations = try session.rows("SELECT * FROM annotation WHERE clip_id = ? ORDER BY id", key)
                .map { row in try CatalogAnnotation(row: row) }
            let details = try annotations.map { annotation in
                ClipDetails.Annotation(annotation: annotation, evidence: try session
                    .rows("SELECT * FROM evidence WHERE annotation_id = ? ORDER BY position", [annotation.id.databaseValue])
                    .map { row in try CatalogEvidence(row: row) })
            }
            return ClipDetails(
                clip: clip, video: try CatalogVideo(row: videoRow), poster: pictures.first { $0.kind == .poster }?.file,
                tags: try session.values(String.self, "SELECT tag FROM clip_tag WHERE clip_id = ? ORDER BY tag", key),
                segments: try session.rows("SELECT * FROM segment WHERE clip_id = ? ORDER BY number", key)
                    .map { row in try CatalogSegment(row: row) },
                annotations: details, thumbnails: pictures.filter { $0.kind == .keyframe })
        }
        guard let found else { throw CatalogError(.notFound, path: label, message: "no clip with id \(id)") }
        return found
    }
}
