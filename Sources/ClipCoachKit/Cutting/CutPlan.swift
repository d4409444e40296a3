import ClipCoachCore
import Foundation
import Media

/// Clip windows checked against the lesson and moved onto the file's own timeline.
struct CutPlan {
    struct Window {
        var spec: ClipSpec
        /// Lesson timeline, after clamping.
        var requestedStart: Double
        var requestedEnd: Double?
        /// Source timeline (the file's timestamps).
        var sourceStart: Double
        var sourceEnd: Double?
        var warnings: [String]
    }

    let windows: [Window]
    /// The file's first timestamp: lesson time 0 is this source time (MPEG-TS often starts at 10 s).
    let origin: Double

    var indices: Range<Int> { windows.indices }
    var count: Int { windows.count }
    subscript(index: Int) -> Window { windows[index] }

    /// Rule (README): a window that starts at or after the end of the lesson is an
    /// error; one that ends after it is clamped to the end, with a warning.
    static func make(specs: [ClipSpec], info: MediaInfo, lessonPath: String) throws(CutError) -> CutPlan {
        guard !specs.isEmpty else { throw .invalid(path: lessonPath, message: "no clips asked for") }
        let origin = info.startTime ?? 0
        let duration = info.duration
        var windows: [Window] = []
        for spec in specs {
            var warnings: [String] = []
            var end = spec.end
            if let duration {
                guard spec.start < duration else {
                    throw .invalid(path: lessonPath, message: "clip \(Timecode.format(spec.start))-\(spec.end.map(Timecode.format) ?? "") starts at or after the end of the lesson (\(Timecode.format(duration)))")
                }
                if let requested = end, requested > duration {
                    warnings.append("end \(Timecode.format(requested)) is past the end of the lesson; clamped to \(Timecode.format(duration))")
                    end = duration
                }
            }
            windows.append(Window(spec: spec, requestedStart: spec.start, requestedEnd: end,
                                  sourceStart: spec.start + origin, sourceEnd: end.map { $0 + origin },
                                  warnings: warnings))
        }
        return CutPlan(windows: windows, origin: origin)
    }
}

/// The muxer and file extension of the clips.
struct OutputFormat {
    let muxer: String
    let fileExtension: String

    static func choose(_ container: CutJob.Container, mode: CutJob.Mode, lessonPath: String) -> OutputFormat {
        // reencode writes web-ready MP4; copy and smart keep the source's codec.
        if mode == .reencode { return OutputFormat(muxer: "mp4", fileExtension: "mp4") }
        switch container {
        case .mp4: return OutputFormat(muxer: "mp4", fileExtension: "mp4")
        case .mkv: return OutputFormat(muxer: "matroska", fileExtension: "mkv")
        case .same:
            let ext = (lessonPath as NSString).pathExtension.lowercased()
            let muxers = ["mp4": "mp4", "m4v": "mp4", "mov": "mov", "mkv": "matroska", "webm": "webm",
                          "ts": "mpegts", "mts": "mpegts", "m2ts": "mpegts", "avi": "avi", "flv": "flv"]
            if let muxer = muxers[ext] { return OutputFormat(muxer: muxer, fileExtension: ext) }
            return OutputFormat(muxer: "mp4", fileExtension: "mp4")
        }
    }
}
