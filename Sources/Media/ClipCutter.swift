import CMedia
import Foundation

/// One clip to write, on the source file's own timeline (seconds).
public struct ClipRequest: Sendable {
    public var start: Double
    /// nil: to the end of the file.
    public var end: Double?
    public var outputPath: String
    /// FFmpeg muxer name: "mp4", "matroska", "mpegts".
    public var container: String
    /// Re-encode: the keyframe at or before `start` to decode from (nil: let the demuxer find one).
    public var decodeFrom: Double?

    public init(start: Double, end: Double?, outputPath: String, container: String, decodeFrom: Double? = nil) {
        self.start = start
        self.end = end
        self.outputPath = outputPath
        self.container = container
        self.decodeFrom = decodeFrom
    }
}

public struct CutOptions: Sendable {
    public var keepData = false
    public var keepLocation = false
    /// Copy only: write none of the source's container or stream tags (title, comment, artist,
    /// handler names) and no encoder tag, for copies that leave the library (a cycle packet).
    public var dropMetadata = false
    /// Leave subtitle tracks out: captions of another classroom's clip may hold words (names)
    /// its picture and sound were not cleared for.
    public var dropSubtitles = false
    public var faststart = true
    /// Re-encode: output height in pixels, nil keeps the source size.
    public var height: Int?
    public var crf = 23
    public var preset = "veryfast"

    public init() {}
}

/// What a clip holds after cutting, on the source timeline.
public struct ClipOutcome: Sendable, Equatable {
    public var actualStart: Double
    public var actualEnd: Double
    public var firstVideoTime: Double?
    public var firstAudioTime: Double?
    /// Source stream indexes written, in output order.
    public var sourceStreams: [Int]
    public var packetsWritten: Int64
    public var droppedStreams: Int
    /// Packets left out because the file is damaged there.
    public var damagedPackets: Int64
    /// Where readable data ended, when that was before the clip's end (truncated file).
    public var dataEnd: Double?
}

/// Cuts clips out of an open file through CMedia.
public struct ClipCutter {
    public let file: MediaFile

    public init(file: MediaFile) { self.file = file }

    /// Lossless: all clips in one read of the file. Each request's start must be a keyframe time.
    public func copy(_ requests: [ClipRequest], options: CutOptions = CutOptions(),
                     progress: ((Double) -> Bool)? = nil) throws(MediaError) -> [ClipOutcome] {
        var results = [cm_clip_result](repeating: cm_clip_result(), count: requests.count)
        var status = cm_status()
        let code = withCRequests(requests) { cRequests in
            withCOptions(options, progress: progress) { cOptions in
                cm_cut_copy(file.handle, cRequests.baseAddress, cRequests.count, cOptions, &results, &status)
            }
        }
        guard code == CM_OK.rawValue else { throw MediaError(status: status, path: file.path) }
        return results.map(ClipOutcome.init)
    }

    /// Frame-accurate: decode and encode H.264 + AAC into MP4, one clip at a time.
    /// The clip starts with the frame on screen at `start`.
    public func reencode(_ request: ClipRequest, options: CutOptions = CutOptions(),
                         progress: ((Double) -> Bool)? = nil) throws(MediaError) -> ClipOutcome {
        try decodingCut(request, options: options, progress: progress, cut: cm_cut_reencode)
    }

    /// Frame-accurate and lossless after the start: the frames from `start` to the first
    /// keyframe after it are re-encoded with the source's codec and parameters, the rest
    /// is stream-copied. Throws `.unsupported` for codecs it cannot do (see `canSmartCut`).
    public func smart(_ request: ClipRequest, options: CutOptions = CutOptions(),
                      progress: ((Double) -> Bool)? = nil) throws(MediaError) -> ClipOutcome {
        try decodingCut(request, options: options, progress: progress, cut: cm_cut_smart)
    }

    /// The shared run of the two decoding cuts (reencode, smart): decoding starts at the
    /// keyframe at or before START unless the caller already knows it.
    private func decodingCut(
        _ request: ClipRequest, options: CutOptions, progress: ((Double) -> Bool)?,
        cut: (OpaquePointer?, UnsafePointer<cm_clip_request>?, UnsafePointer<cm_cut_options>?,
              UnsafeMutablePointer<cm_clip_result>?, UnsafeMutablePointer<cm_status>?) -> Int32
    ) throws(MediaError) -> ClipOutcome {
        var request = request
        if request.decodeFrom == nil, let keyframes = try? file.keyframes() {
            request.decodeFrom = keyframes.keyframe(atOrBefore: request.start) ?? keyframes.times.first
        }
        var result = cm_clip_result()
        var status = cm_status()
        let code = withCRequests([request]) { cRequests in
            withCOptions(options, progress: progress) { cOptions in
                cut(file.handle, cRequests.baseAddress, cOptions, &result, &status)
            }
        }
        guard code == CM_OK.rawValue else { throw MediaError(status: status, path: file.path) }
        return ClipOutcome(result)
    }

    /// The whole file stream-copied (lossless) into a new `container` file at `outputPath`,
    /// from its first keyframe to its end: with `dropMetadata`, a copy without the source's tags.
    public func copyWhole(to outputPath: String, container: String, options: CutOptions = CutOptions()) throws(MediaError) -> ClipOutcome {
        let start = (try? file.keyframes())?.times.first ?? file.info().startTime ?? 0
        let outcomes = try copy([ClipRequest(start: start, end: nil, outputPath: outputPath, container: container)], options: options)
        guard let outcome = outcomes.first else {
            throw MediaError(.writeFailed, path: outputPath, message: "the copy wrote nothing")
        }
        return outcome
    }

    /// Whether `smart` can cut the main video stream (H.264 and HEVC).
    public var canSmartCut: Bool {
        guard let video = file.mainVideoStreamIndex else { return false }
        return cm_smart_cut_supported(file.handle, Int32(video)) != 0
    }

    /// Whether `container` can hold stream `index` without re-encoding.
    public func containerAccepts(stream index: Int, container: String) -> Bool {
        cm_container_accepts(file.handle, Int32(index), container) != 0
    }
}

/// Keeps C strings alive for the duration of the call.
private func withCRequests<R>(_ requests: [ClipRequest], _ body: (UnsafeBufferPointer<cm_clip_request>) -> R) -> R {
    let paths = requests.map { strdup($0.outputPath) }
    let containers = requests.map { strdup($0.container) }
    defer {
        paths.forEach { free($0) }
        containers.forEach { free($0) }
    }
    let cRequests = requests.indices.map { i in
        cm_clip_request(start: requests[i].start, end: requests[i].end ?? CM_NO_TIME,
                        output_path: UnsafePointer(paths[i]), container: UnsafePointer(containers[i]),
                        decode_from: requests[i].decodeFrom ?? CM_NO_TIME)
    }
    return cRequests.withUnsafeBufferPointer(body)
}

/// The progress closure travels through C as an opaque context pointer.
private final class ProgressBox {
    let report: (Double) -> Bool
    init(_ report: @escaping (Double) -> Bool) { self.report = report }
}

private func withCOptions<R>(_ options: CutOptions, progress: ((Double) -> Bool)?,
                             _ body: (UnsafePointer<cm_cut_options>) -> R) -> R {
    let preset = strdup(options.preset)
    defer { free(preset) }
    let box = progress.map(ProgressBox.init)
    var cOptions = cm_cut_options()
    cOptions.keep_data = options.keepData ? 1 : 0
    cOptions.keep_location = options.keepLocation ? 1 : 0
    cOptions.drop_metadata = options.dropMetadata ? 1 : 0
    cOptions.drop_subtitles = options.dropSubtitles ? 1 : 0
    cOptions.faststart = options.faststart ? 1 : 0
    cOptions.height = Int32(options.height ?? 0)
    cOptions.crf = Int32(options.crf)
    cOptions.preset = UnsafePointer(preset)
    if let box {
        cOptions.progress_context = Unmanaged.passUnretained(box).toOpaque()
        cOptions.progress = { context, fraction in
            guard let context else { return 0 }
            let box = Unmanaged<ProgressBox>.fromOpaque(context).takeUnretainedValue()
            return box.report(fraction) ? 0 : 1
        }
    }
    return withExtendedLifetime(box) { withUnsafePointer(to: cOptions, body) }
}

extension ClipOutcome {
    init(_ r: cm_clip_result) {
        let streams = withUnsafeBytes(of: r.source_streams) { raw in
            Array(raw.bindMemory(to: Int32.self).prefix(Int(r.stream_count))).map(Int.init)
        }
        self.init(actualStart: time(r.actual_start) ?? 0, actualEnd: time(r.actual_end) ?? 0,
                  firstVideoTime: time(r.first_video_time), firstAudioTime: time(r.first_audio_time),
                  sourceStreams: streams, packetsWritten: r.packets_written, droppedStreams: Int(r.dropped_streams),
                  damagedPackets: r.damaged_packets, dataEnd: time(r.data_end))
    }
}
