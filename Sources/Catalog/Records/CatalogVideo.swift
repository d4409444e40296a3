import GRDB

/// A media file found in the library (table `video`): where it is, how to tell
/// whether it changed, and what probing it found.
public struct CatalogVideo: CatalogRecord, Equatable, MutablePersistableRecord {
    public static let databaseTableName = "video"

    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Ingested and on disk at the last ingest that walked its folder.
        case present
        /// Gone from its folder at the last ingest: kept (clips and annotations too), not searched.
        case missing
        /// On disk, but changed into something that no longer ingests (see the ingest log).
        case failed
    }

    /// Stable for the life of the path: a changed file keeps its id.
    public var id: Int64?
    /// Absolute, standardized.
    public var path: String
    /// `ContentFingerprint.of(path:)`.
    public var fingerprint: String
    public var size: Int64
    /// Modification time, nanoseconds since 1970.
    public var modifiedNs: Int64
    public var status: Status
    /// The sidecar paired with the video (`x.mp4` -> `x.json`), absolute; nil if none.
    public var sidecarPath: String?
    /// The sidecar's content fingerprint when ingested: an edited sidecar is re-read.
    public var sidecarFingerprint: String?
    public var container: String
    public var duration: Double?
    public var startTime: Double?
    /// Coded size of the main video stream.
    public var width: Int?
    public var height: Int?
    /// Displayed size, after sample aspect ratio and rotation.
    public var displayWidth: Int?
    public var displayHeight: Int?
    /// Clockwise degrees to show the picture upright.
    public var rotation: Int
    public var videoCodec: String
    /// nil when the file has no audio.
    public var audioCodec: String?
    public var frameRate: Double?
    /// The file carries GPS / location metadata (a privacy risk in a shared library).
    public var hasLocation: Bool
    public var keyframeCount: Int
    /// This video's folder inside the managed media folder, relative to it.
    public var mediaFolder: String
    /// When the catalog last (re)read the file, ISO 8601.
    public var ingestedAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
