/// What `probe` reports about a file. Field names are the stable JSON names
/// documented in the README; add fields, never rename them.
public struct MediaInfo: Codable, Equatable, Sendable {
    public var path: String
    public var container: String
    public var containerLongName: String?
    /// Seconds; nil when the container does not say.
    public var duration: Double?
    public var startTime: Double?
    public var size: Int64?
    /// Overall bits per second; nil when unknown.
    public var bitRate: Int64?
    public var creationTime: String?
    /// True when the file carries GPS / location metadata (a privacy risk).
    public var hasLocation: Bool
    public var streams: [StreamInfo]
    /// Index of the main video stream, nil for audio-only files.
    public var mainVideoStream: Int?
    /// Keyframe times of the main video stream, when asked for.
    public var keyframes: [Double]?
    /// "index" (container table) or "scan" (packet flags).
    public var keyframeSource: String?

    public var mainVideo: StreamInfo? { mainVideoStream.flatMap { i in streams.first { $0.index == i } } }
}

public struct StreamInfo: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable { case video, audio, subtitle, data, attachment, unknown }

    public var index: Int
    public var kind: Kind
    public var codec: String
    public var profile: String?
    public var language: String?
    public var startTime: Double?
    public var duration: Double?
    public var bitRate: Int64?
    // Video
    public var width: Int?
    public var height: Int?
    /// "num:den", as ffprobe writes it.
    public var sampleAspectRatio: String?
    public var displayWidth: Int?
    public var displayHeight: Int?
    public var pixelFormat: String?
    public var averageFrameRate: Double?
    public var nominalFrameRate: Double?
    public var variableFrameRate: Bool?
    /// Clockwise degrees (0, 90, 180, 270) to turn the picture upright.
    public var rotation: Int?
    public var attachedPicture: Bool?
    // Audio
    public var sampleRate: Int?
    public var channels: Int?
    public var channelLayout: String?
}
