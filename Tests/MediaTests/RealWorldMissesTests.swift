import Foundation
import Media
import Testing
import TestSupport

/// Media from other people's encoders that the media core got wrong once; each test
/// makes its file with ffmpeg (nothing generated is committed).
@Suite("Real-world misses")
struct RealWorldMissesTests {
    /// A 4 s 24 fps H.264 MP4 with one IDR a second, no B-frames.
    static func makeH264(_ path: String, size: String = "320x240") throws {
        let made = try run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=\(size):rate=24", "-t", "4",
                                      "-c:v", "libx264", "-g", "24", "-keyint_min", "24", "-sc_threshold", "0", "-bf", "0",
                                      "-pix_fmt", "yuv420p", path])
        #expect(made.status == 0, "\(made.stderr)")
    }

    /// Marks the frame after each I-frame as the sync sample, as some writers do: every
    /// entry of the stss box is moved one sample on.
    static func shiftSyncSamples(_ path: String) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let marker = Data("stss".utf8)
        let found = try #require(data.range(of: marker), "no stss box")
        let start = found.lowerBound
        func word(_ at: Int) -> UInt32 { data[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        let count = Int(word(start + 8))
        for entry in 0..<count {
            let at = start + 12 + 4 * entry
            let value = word(at) + 1
            data.replaceSubrange(at..<at + 4, with: withUnsafeBytes(of: value.bigEndian) { Data($0) })
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// Times of the frames the decoder itself marks key (the oracle: ffprobe decodes).
    static func decodedKeyframes(_ path: String) throws -> [Double] {
        let result = try run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries",
                                         "frame=pts_time,key_frame", "-of", "csv=p=0", path])
        return result.stdout.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ",").map(String.init)
            guard fields.count >= 2, fields.contains("1"), let time = Double(fields.first { $0.contains(".") } ?? "") else { return nil }
            return time
        }.sorted()
    }

    @Test("keyframes are the frames the decoder sees as key, though the sync-sample table says otherwise")
    func syncTableOneFrameLate() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("late-stss.mp4").path
        try Self.makeH264(path)
        try Self.shiftSyncSamples(path)
        let oracle = try Self.decodedKeyframes(path)
        #expect(oracle.count == 4, "oracle \(oracle)")
        let file = try MediaFile(path: path)
        let keyframes = try file.keyframes()
        #expect(keyframes.times.count == oracle.count, "\(keyframes.times) vs decoded \(oracle)")
        for (found, truth) in zip(keyframes.times, oracle) { #expect(abs(found - truth) < 0.001, "\(found) vs \(truth)") }

        // A copy cut from there opens on the real I-frame and decodes cleanly.
        let start = try #require(keyframes.keyframe(atOrBefore: 1.5))
        let output = folder.appendingPathComponent("clip.mp4").path
        let outcome = try #require(try ClipCutter(file: file).copy([ClipRequest(start: start, end: 2.5, outputPath: output, container: "mp4")]).first)
        #expect(abs(outcome.actualStart - 1.0) < 0.001, "clip opens at \(outcome.actualStart)")
        #expect(try MediaChecks.decodeErrors(output).isEmpty)
    }

    @Test("AV1 in AVI: pictures have the display aspect the container states")
    func av1InAVIAspect() throws {
        let encoders = try run("ffmpeg", ["-hide_banner", "-encoders"]).stdout
        guard encoders.contains("libaom-av1") else {
            Issue.record("this ffmpeg has no libaom-av1 encoder: cannot make the AV1 test file")
            return
        }
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("av1.avi").path
        // 320x240 coded, 16:9 displayed: the AVI header says so (the AV1 bitstream cannot).
        let made = try run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10", "-t", "1",
                                      "-c:v", "libaom-av1", "-cpu-used", "8", "-b:v", "200k", "-aspect", "16:9", path])
        try #require(made.status == 0, "\(made.stderr)")
        let reader = try PictureReader(file: try MediaFile(path: path), width: 320)
        let size = try #require(reader.outputSize)
        #expect(size.height == 180, "output size \(size)")
        try reader.beginKeyframes()
        let picture = try #require(try reader.nextKeyframe())
        #expect(picture.width == 320 && picture.height == 180, "picture \(picture.width)x\(picture.height)")
    }

    @Test("--height never makes a picture larger than the source's")
    func heightNeverUpscales() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("small.mp4").path
        try Self.makeH264(path)
        let output = folder.appendingPathComponent("clip.mp4").path
        var options = CutOptions()
        options.height = 720
        _ = try ClipCutter(file: try MediaFile(path: path))
            .reencode(ClipRequest(start: 1.2, end: 2.0, outputPath: output, container: "mp4"), options: options)
        let stream = try #require(try FFprobe.report(output).stream(0))
        #expect(stream["height"] as? Int == 240, "\(stream["height"] ?? "?")")
        #expect(stream["width"] as? Int == 320, "\(stream["width"] ?? "?")")
    }
}
