import GRDB

/// A picture of a video in the managed media folder (table `thumbnail`): its poster
/// or a keyframe thumbnail.
public struct CatalogThumbnail: CatalogRecord, Equatable, PersistableRecord {
    public static let databaseTableName = "thumbnail"

    public enum Kind: String, Codable, Sendable { case poster, keyframe }

    public var videoId: Int64
    /// Relative to the managed media folder.
    public var file: String
    public var kind: Kind
    /// Presentation time of the picture, seconds on the video's timeline.
    public var time: Double
    public var width: Int
    public var height: Int
}
