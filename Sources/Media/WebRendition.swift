import Foundation

/// A copy of a clip that every browser plays (H.264 + AAC in MP4, the `reencode`
/// settings), for clips whose codec or container browsers do not play: HEVC from
/// phones, MPEG-2, MPEG-4 Part 2, VP6, Matroska. It is made once and kept beside the
/// clip as NAME.web.mp4; the original stays the record.
public enum WebRendition {
    /// Video codecs Chromium, Firefox and Safari all decode (in MP4 or WebM).
    static let playableVideo: Set<String> = ["h264", "vp8", "vp9", "av1"]
    static let playableAudio: Set<String> = ["aac", "mp3", "opus", "vorbis", "flac"]
    /// MP4 / MOV (FFmpeg's demuxer name) holds every playable codec; Matroska plays
    /// only as WebM (VP8, VP9, AV1).
    static func playableContainer(_ name: String) -> Bool { name.hasPrefix("mov,mp4") }

    /// Where the rendition of `clip` lives: beside it, NAME.web.mp4.
    public static func path(for clip: String) -> String {
        let url = URL(fileURLWithPath: clip)
        return url.deletingPathExtension().appendingPathExtension("web.mp4").path
    }

    /// Whether browsers need a rendition of this file. A file that cannot be opened as
    /// media is not judged (nil): callers serve it as it is.
    public static func isNeeded(for clip: String) -> Bool? {
        guard let file = try? MediaFile(path: clip), file.mainVideoStreamIndex != nil else { return nil }
        let info = file.info()
        guard let video = info.mainVideo else { return nil }
        let audioPlays = info.streams.filter { $0.kind == .audio }.allSatisfy { playableAudio.contains($0.codec) }
        let webm = info.container == "matroska,webm" && ["vp8", "vp9", "av1"].contains(video.codec)
        let container = playableContainer(info.container) || webm
        return !(playableVideo.contains(video.codec) && audioPlays && container)
    }

    /// The file a browser should be given for `clip`: the clip itself when browsers play
    /// it (or it cannot be read as media), else its rendition, made now if it is missing
    /// or older than the clip. Written under a temporary name and renamed when whole.
    public static func playable(for clip: String) throws(MediaError) -> String {
        guard isNeeded(for: clip) == true else { return clip }
        let target = path(for: clip)
        if let made = modified(target), let original = modified(clip), made >= original { return target }
        let folder = URL(fileURLWithPath: target).deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(URL(fileURLWithPath: target).lastPathComponent).partial-\(UUID().uuidString.prefix(8)).mp4").path
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let file = try MediaFile(path: clip)
        let start = file.info().startTime ?? 0
        _ = try ClipCutter(file: file).reencode(ClipRequest(start: start, end: nil, outputPath: temporary, container: "mp4"))
        guard rename(temporary, target) == 0 else {
            throw MediaError(.writeFailed, path: target, message: "cannot put the web rendition in place: \(String(cString: strerror(errno)))")
        }
        return target
    }

    private static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
