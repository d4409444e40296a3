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
        let mediaFolder = mediaFolder
        let found = try catalogStep(path) {
            try pool.read { db -> ClipDetails? in
                guard let clip = try CatalogClip.fetchOne(db, key: id),
                      let video = try CatalogVideo.fetchOne(db, key: clip.videoId) else { return nil }
                let pictures = try CatalogThumbnail.filter(Column("video_id") == clip.videoId)
                    .order(Column("time"), Column("file")).fetchAll(db)
                    .map { picture in
                        var picture = picture
                        picture.file = mediaFolder + "/" + picture.file
                        return picture
                    }
                let annotations = try CatalogAnnotation.filter(Column("clip_id") == id).order(Column("id")).fetchAll(db)
                let details = try annotations.map { annotation in
                    ClipDetails.Annotation(annotation: annotation, evidence: try CatalogEvidence
                        .filter(Column("annotation_id") == annotation.id).order(Column("position")).fetchAll(db))
                }
                return ClipDetails(
                    clip: clip, video: video, poster: pictures.first { $0.kind == .poster }?.file,
                    tags: try String.fetchAll(db, sql: "SELECT tag FROM clip_tag WHERE clip_id = ? ORDER BY tag", arguments: [id]),
                    segments: try CatalogSegment.filter(Column("clip_id") == id).order(Column("number")).fetchAll(db),
                    annotations: details, thumbnails: pictures.filter { $0.kind == .keyframe })
            }
        }
        guard let found else { throw CatalogError(.notFound, path: path, message: "no clip with id \(id)") }
        return found
    }
}
