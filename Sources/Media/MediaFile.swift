import CMedia

/// An open media file: owns the CMedia handle and frees it in `deinit`.
///
/// Not shareable across threads (FFmpeg's demuxer state is not); open one per task.
public final class MediaFile {
    public let path: String
    let handle: OpaquePointer

    /// Caps against hostile input: how much FFmpeg may read to find streams.
    /// Zero means the default (5 MB, 5 s of media, 20 s of wall clock).
    public struct Limits: Sendable {
        public var probeBytes: Int64 = 0
        public var analyzeMicroseconds: Int64 = 0
        public var openSeconds: Int64 = 0
        public init(probeBytes: Int64 = 0, analyzeMicroseconds: Int64 = 0, openSeconds: Int64 = 0) {
            self.probeBytes = probeBytes
            self.analyzeMicroseconds = analyzeMicroseconds
            self.openSeconds = openSeconds
        }
    }

    public init(path: String, limits: Limits = Limits()) throws(MediaError) {
        var status = cm_status()
        var cLimits = cm_open_limits(probe_bytes: limits.probeBytes, analyze_microseconds: limits.analyzeMicroseconds,
                                     open_seconds: limits.openSeconds)
        var opened: OpaquePointer?
        let code = cm_media_open(path, &cLimits, &opened, &status)
        guard code == CM_OK.rawValue, let opened else {
            throw MediaError(status: status, path: path)
        }
        self.path = path
        self.handle = opened
    }

    deinit { cm_media_close(handle) }

    /// Index of the main video stream, nil if the file has none (audio only).
    public var mainVideoStreamIndex: Int? {
        let index = cm_media_best_video_stream(handle)
        return index >= 0 ? Int(index) : nil
    }

    /// The main video stream's index, or a `noVideo` error naming the file.
    public func requireVideoStream() throws(MediaError) -> Int {
        guard let index = mainVideoStreamIndex else {
            throw MediaError(.noVideo, path: path, message: "no video stream (audio-only file?)")
        }
        return index
    }

    /// Container and stream facts, without reading media data.
    public func info() -> MediaInfo {
        var format = cm_format_info()
        cm_media_format_info(handle, &format)
        var streams: [StreamInfo] = []
        for index in 0..<Int(format.stream_count) {
            var stream = cm_stream_info()
            guard cm_media_stream_info(handle, Int32(index), &stream) == CM_OK.rawValue else { continue }
            streams.append(StreamInfo(stream))
        }
        return MediaInfo(
            path: path,
            container: string(format.container) ?? "unknown",
            containerLongName: string(format.container_long),
            duration: time(format.duration),
            startTime: time(format.start_time),
            size: format.size >= 0 ? format.size : nil,
            bitRate: format.bit_rate > 0 ? format.bit_rate : nil,
            creationTime: string(format.creation_time),
            hasLocation: format.has_location != 0,
            streams: streams,
            mainVideoStream: mainVideoStreamIndex
        )
    }

    /// Keyframe times of a stream (the main video stream by default).
    public func keyframes(stream: Int? = nil) throws(MediaError) -> KeyframeIndex {
        let index: Int
        if let stream { index = stream } else { index = try requireVideoStream() }
        var status = cm_status()
        var list = cm_keyframes()
        guard cm_media_keyframes(handle, Int32(index), &list, &status) == CM_OK.rawValue else {
            throw MediaError(status: status, path: path)
        }
        defer { cm_keyframes_free(&list) }
        let times = list.count == 0 ? [] : Array(UnsafeBufferPointer(start: list.times, count: list.count))
        return KeyframeIndex(times: times, source: list.source == CM_KEYFRAMES_FROM_INDEX.rawValue ? .index : .scan)
    }
}

/// Keyframe presentation times, ascending, in seconds.
public struct KeyframeIndex: Equatable, Sendable {
    public enum Source: String, Sendable, Codable { case index, scan }
    public let times: [Double]
    public let source: Source

    public init(times: [Double], source: Source) {
        self.times = times
        self.source = source
    }

    /// The last keyframe at or before `time` (the start of a stream-copy cut).
    public func keyframe(atOrBefore time: Double) -> Double? {
        var low = 0, high = times.count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] <= time + 1e-6 { low = mid + 1 } else { high = mid }
        }
        return low > 0 ? times[low - 1] : nil
    }
}

func string(_ pointer: UnsafePointer<CChar>?) -> String? {
    pointer.map { String(cString: $0) }
}

func time(_ seconds: Double) -> Double? {
    seconds <= CM_NO_TIME / 2 ? nil : seconds
}

extension StreamInfo {
    init(_ s: cm_stream_info) {
        let kind: Kind = switch s.kind {
        case Int32(CM_KIND_VIDEO.rawValue): .video
        case Int32(CM_KIND_AUDIO.rawValue): .audio
        case Int32(CM_KIND_SUBTITLE.rawValue): .subtitle
        case Int32(CM_KIND_DATA.rawValue): .data
        case Int32(CM_KIND_ATTACHMENT.rawValue): .attachment
        default: .unknown
        }
        self.init(index: Int(s.index), kind: kind, codec: string(s.codec) ?? "unknown")
        profile = string(s.profile)
        language = string(s.language)
        startTime = time(s.start_time)
        duration = time(s.duration)
        bitRate = s.bit_rate > 0 ? s.bit_rate : nil
        if kind == .video {
            width = Int(s.width)
            height = Int(s.height)
            sampleAspectRatio = s.sar_num > 0 ? "\(s.sar_num):\(s.sar_den)" : nil
            displayWidth = Int(s.display_width)
            displayHeight = Int(s.display_height)
            pixelFormat = string(s.pixel_format)
            averageFrameRate = rate(s.avg_rate_num, s.avg_rate_den)
            nominalFrameRate = rate(s.real_rate_num, s.real_rate_den)
            variableFrameRate = s.variable_frame_rate != 0
            rotation = Int(s.rotation)
            attachedPicture = s.is_attached_picture != 0
        } else if kind == .audio {
            sampleRate = Int(s.sample_rate)
            channels = Int(s.channels)
            channelLayout = string(s.channel_layout)
        }
    }

    init(index: Int, kind: Kind, codec: String) {
        self.index = index
        self.kind = kind
        self.codec = codec
    }
}

private func rate(_ num: Int32, _ den: Int32) -> Double? {
    num > 0 && den > 0 ? Double(num) / Double(den) : nil
}
