import Foundation
import Media
import Testing
import TestSupport

/// The C cutter on its own: clips decode cleanly, start on keyframes, stay in sync.
@Suite("ClipCutter")
struct ClipCutterTests {
    static let videoFiles = Fixtures.allMedia.filter { path in
        (try? MediaFile(path: path))?.mainVideoStreamIndex != nil
    }

    /// A window about a third into the file, about 40 % of it long (at least 1 s).
    static func window(_ info: MediaInfo) -> (start: Double, end: Double) {
        let origin = info.startTime ?? 0
        let duration = info.duration ?? 4
        let start = origin + duration * 0.3
        return (start, min(start + max(1.0, duration * 0.4), origin + duration))
    }

    /// Files whose data is cut short (the corpus's truncated MP4 and the sample's truncated copy).
    static func knownDamaged(_ path: String) -> Bool {
        path.hasSuffix("mb_annex-b.mp4") || path.hasSuffix("-truncated.mp4")
    }

    @Test("copy cut plays cleanly and starts on a keyframe", arguments: videoFiles)
    func copyCut(path: String) throws {
        let file = try MediaFile(path: path)
        let (wanted, end) = Self.window(file.info())
        let keyframes = try file.keyframes()
        let start = try #require(keyframes.keyframe(atOrBefore: wanted) ?? keyframes.times.first)
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("clip.mkv").path
        let request = ClipRequest(start: start, end: max(end, start + 0.5), outputPath: output, container: "matroska")
        let attempt = Result { () throws(MediaError) in try ClipCutter(file: file).copy([request]) }
        if case .failure(let error) = attempt, error.kind == .needsReencode {
            // Only files without presentation times (AVI with B-frames) may refuse a copy.
            #expect(path.hasSuffix(".avi"), "\(path): \(error)")
            return
        }
        let outcome = try #require(try attempt.get().first)
        #expect(abs(outcome.actualStart - start) < 0.002, "\(path): actual start \(outcome.actualStart) vs keyframe \(start)")
        let decode = try run("ffmpeg", ["-v", "error", "-i", output, "-f", "null", "-"])
        #expect(decode.stderr.isEmpty, "\(path): decoding the clip printed errors: \(decode.stderr.prefix(400))")
        if let audio = outcome.firstAudioTime, let video = outcome.firstVideoTime {
            #expect(abs(audio - video) < 0.05, "\(path): first audio \(audio) vs first video \(video)")
        }
    }

    @Test("re-encoded cut is frame-accurate and in sync", arguments: videoFiles)
    func reencodeCut(path: String) throws {
        let file = try MediaFile(path: path)
        let info = file.info()
        let (start, end) = Self.window(info)
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("clip.mp4").path
        var options = CutOptions()
        options.height = 144
        let attempt = Result { () throws(MediaError) in
            try ClipCutter(file: file).reencode(ClipRequest(start: start, end: end, outputPath: output, container: "mp4"),
                                                options: options)
        }
        if case .failure(let error) = attempt, error.kind == .damaged, Self.knownDamaged(path) {
            // The window lies past the readable data: a clear error is the right answer.
            #expect(error.message.contains("readable data ends"), "\(path): \(error)")
            return
        }
        let outcome = try attempt.get()
        let decode = try run("ffmpeg", ["-v", "error", "-i", output, "-f", "null", "-"])
        #expect(decode.stderr.isEmpty, "\(path): decoding the clip printed errors: \(decode.stderr.prefix(400))")
        let fps = info.mainVideo?.averageFrameRate ?? info.mainVideo?.nominalFrameRate ?? 25
        let frame = 1 / fps
        // The clip opens with the frame on screen at the start (or the first frame, where none is).
        #expect(abs(outcome.actualStart - start) < frame + 0.001,
                "\(path): first frame \(outcome.actualStart) for start \(start)")
        let report = try FFprobe.report(output)
        if outcome.dataEnd == nil, let duration = report.duration {
            let expected = end - outcome.actualStart
            #expect(abs(duration - expected) <= frame + 0.03, "\(path): clip lasts \(duration), expected \(expected)")
        }
        if let audio = outcome.firstAudioTime, let video = outcome.firstVideoTime {
            #expect(abs(audio - video) < 0.025, "\(path): first audio \(audio) vs first video \(video)")
        }
        #expect(report.stream(0)?["height"] as? Int == 144)
    }
}
