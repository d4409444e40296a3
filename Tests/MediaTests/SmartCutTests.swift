import Foundation
import Media
import Testing
import TestSupport

/// Smart cuts checked against ffmpeg's own decoding of the source: the clip opens on the
/// frame shown at START, every frame from the first keyframe after START decodes to the
/// source's exact pixels, and the clip is about as large as a copy cut of the window.
@Suite("Smart cut")
struct SmartCutTests {
    static let names = ["lesson.mp4", "lesson-rotated.mp4", "lesson-vfr.mp4", "lesson.ts", "lesson-noaudio.mp4"]
    static let corpusNames = ["mb_video.mp4", "mp_chaplin.mp4", "mb_rotate-buck-bunny.mp4", "mb_sar_2x1.mp4",
                              "mb_0.ts", "mb_multi-cluster.mkv"]
    static var files: [String] {
        names.map(Fixtures.sample) + (Fixtures.corpusAvailable ? corpusNames.map(Fixtures.corpusFile) : [])
    }

    /// START inside a GOP (so there is a head to re-encode), END past the next keyframe.
    static func window(keyframes: [Double], info: MediaInfo) -> (start: Double, end: Double) {
        let origin = info.startTime ?? 0
        let duration = info.duration ?? 4
        let last = origin + duration
        let pairs = zip(keyframes, keyframes.dropFirst()).filter { $0.1 - $0.0 > 0.2 && $0.1 + 0.5 < last }
        let middle = pairs.first { $0.0 >= origin + duration * 0.2 } ?? pairs.first
        guard let (keyframe, next) = middle else {
            // One keyframe only (MPEG-TS with a single IDR): the whole clip is head.
            let start = origin + duration * 0.3
            return (start, min(start + 1.5, last))
        }
        let start = ((keyframe + (next - keyframe) * 0.37) * 1000).rounded() / 1000
        return (start, min(next + 1.5, last))
    }

    @Test("smart cut: exact first frame, copied frames bit-identical, copy-cut size", arguments: files)
    func smartCut(path: String) throws {
        try Self.check(path)
    }

    @Test("smart cut of a long-GOP, A/V-offset and 10-bit H.264 file")
    func madeFiles() throws {
        let folder = try Fixtures.temporaryFolder("smart-made")
        defer { try? FileManager.default.removeItem(at: folder) }
        // 10 s GOP (classroom cameras), audio starting 0.4 s after the picture, High 10 4:2:0.
        let path = folder.appendingPathComponent("long-gop.mp4").path
        let made = try run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                                      "-itsoffset", "0.4", "-f", "lavfi", "-i", "sine=frequency=300:sample_rate=48000",
                                      "-t", "24", "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "veryfast",
                                      "-g", "250", "-keyint_min", "250", "-sc_threshold", "0", "-pix_fmt", "yuv420p10le",
                                      "-c:a", "aac", "-shortest", path])
        try #require(made.status == 0, "\(made.stderr)")
        try Self.check(path)
    }

    @Test("smart cut of HEVC: a made closed-GOP Main 10 file and the corpus's open-GOP phone-style file")
    func hevc() throws {
        let folder = try Fixtures.temporaryFolder("smart-hevc")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("hevc.mp4").path
        let made = try run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi",
                                      "-i", "sine=frequency=300:sample_rate=48000", "-t", "8", "-c:v", "libx265",
                                      "-preset", "ultrafast", "-pix_fmt", "yuv420p10le",
                                      "-x265-params", "log-level=error:keyint=50:min-keyint=50:scenecut=0:open-gop=0",
                                      "-tag:v", "hvc1", "-c:a", "aac", "-shortest", path])
        try #require(made.status == 0, "\(made.stderr)")
        try Self.check(path)
        if Fixtures.corpusAvailable { try Self.check(Fixtures.corpusFile("mb_video-h265.mp4")) }
    }

    static func check(_ path: String) throws {
        let file = try MediaFile(path: path)
        let info = file.info()
        let cutter = ClipCutter(file: file)
        try #require(cutter.canSmartCut, "\(path): H.264 and HEVC should be smart-cut")
        let keyframes = try file.keyframes().times
        let (start, end) = window(keyframes: keyframes, info: info)
        let folder = try Fixtures.temporaryFolder("smart-cut")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("smart.mp4").path
        let outcome = try cutter.smart(ClipRequest(start: start, end: end, outputPath: output, container: "mp4"))

        #expect(try MediaChecks.decodeErrors(output).isEmpty, "\(path): the clip does not decode cleanly")
        let source = try SmartCutOracle.frames(path)
        let clip = try SmartCutOracle.frames(output)
        try #require(!clip.isEmpty && !source.isEmpty, "\(path): no frames")

        // The first frame is the one on screen at START.
        let shown = try #require(source.last { $0.time <= start + 0.0005 } ?? source.first)
        #expect(abs(outcome.actualStart - shown.time) < 0.002, "\(path): first frame \(outcome.actualStart), shown at START \(shown.time)")
        let step = source.count > 1 ? (source.last!.time - source.first!.time) / Double(source.count - 1) : 0.04
        let greys = try SmartCutOracle.greyFrames(path, from: shown.time - 2.5 * step, to: shown.time + 2.5 * step)
        let first = try SmartCutOracle.firstGreyFrame(output)
        if let at = greys.firstIndex(where: { abs($0.time - shown.time) < 0.002 }) {
            let target = SmartCutOracle.psnr(first, greys[at].pixels)
            #expect(target > 30, "\(path): first frame PSNR \(target) dB against the source frame at START")
            for neighbour in [at - 1, at + 1] where greys.indices.contains(neighbour) {
                let other = SmartCutOracle.psnr(first, greys[neighbour].pixels)
                #expect(target >= other, "\(path): first frame is closer to the source frame at \(greys[neighbour].time) (\(other) dB) than at START (\(target) dB)")
            }
        } else {
            Issue.record("\(path): the source frame at \(shown.time) was not found by the oracle")
        }

        // Duration within one frame of END - START (the first frame may begin a little before START).
        let clipEnd = clip.last!.time + clip.last!.duration
        let sourceEnd = source.last!.time + source.last!.duration // video may end before the audio
        let expected = min(end, sourceEnd) - outcome.actualStart
        #expect(abs((clipEnd - clip.first!.time) - expected) <= step + 0.002,
                "\(path): video lasts \(clipEnd - clip.first!.time) s, asked \(expected) s")

        // From the first keyframe after START on, the very same pictures.
        if let join = keyframes.first(where: { $0 > start + 0.0005 && $0 < end - 0.0005 }) {
            let copied = source.filter { $0.time >= join - 0.0005 && $0.time < end - 0.0005 }.map(\.md5)
            let offset = join - outcome.actualStart + clip.first!.time
            let written = clip.filter { $0.time >= offset - 0.0005 }.map(\.md5)
            #expect(!copied.isEmpty)
            #expect(Array(written.prefix(copied.count)) == copied,
                    "\(path): frames from the keyframe at \(join) differ from the source's (\(written.count) vs \(copied.count))")
        }

        // Size close to a copy cut of the same window (where there is a join: a clip that is
        // all head holds fewer frames than the copy cut from the keyframe before it).
        guard keyframes.contains(where: { $0 > start + 0.0005 && $0 < end - 0.0005 }) else { return }
        let copyPath = folder.appendingPathComponent("copy.mp4").path
        let copyStart = keyframes.last { $0 <= start + 0.0005 } ?? keyframes.first ?? start
        _ = try cutter.copy([ClipRequest(start: copyStart, end: end, outputPath: copyPath, container: "mp4")])
        // The copy cut also holds the frames from the keyframe before START (up to a whole
        // GOP), so the smart cut may be smaller; per second of video the two stay within 20 %.
        let smartSize = try Self.size(output), copySize = try Self.size(copyPath)
        #expect(Double(smartSize) <= 1.2 * Double(copySize), "\(path): smart cut \(smartSize) bytes, copy cut \(copySize) bytes")
        let smartRate = try Self.videoBitRate(output), copyRate = try Self.videoBitRate(copyPath)
        #expect(abs(smartRate - copyRate) <= 0.2 * copyRate,
                "\(path): video \(Int(smartRate)) bit/s in the smart cut, \(Int(copyRate)) bit/s in the copy cut")

        // The head carries the source's parameters.
        let sourceVideo = try #require(try FFprobe.report(path).streams.first { $0["codec_type"] as? String == "video" })
        let clipVideo = try #require(try FFprobe.report(output).streams.first { $0["codec_type"] as? String == "video" })
        for key in ["codec_name", "profile", "pix_fmt", "width", "height"] {
            #expect("\(clipVideo[key] ?? "-")" == "\(sourceVideo[key] ?? "-")", "\(path): \(key) differs")
        }
    }

    /// Bits per second of the first video stream: packet bytes over its shown span.
    static func videoBitRate(_ path: String) throws -> Double {
        let result = try run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=size",
                                         "-of", "csv=p=0", path])
        let bytes = result.stdout.split(separator: "\n").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }.reduce(0, +)
        let frames = try SmartCutOracle.frames(path)
        guard let first = frames.first, let last = frames.last else { return 0 }
        let span = last.time + last.duration - first.time
        return span > 0 ? bytes * 8 / span : 0
    }

    static func size(_ path: String) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
    }
}
