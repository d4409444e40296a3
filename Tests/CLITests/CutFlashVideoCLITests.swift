import Foundation
import Testing
import TestSupport

/// `clipcoach cut` on Flash video: MP4 cannot hold its codecs (VP6, Sorenson Spark).
@Suite("clipcoach cut: codecs MP4 cannot hold")
struct CutFlashVideoCLITests {
    @Test("the default --container mp4 writes Matroska (or the lesson's own container) for a codec MP4 cannot hold, and says so")
    func flashVideoBecomesMatroska() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Debian's ffmpeg decodes VP6 but cannot encode it; Sorenson Spark (flv1) is the
        // other Flash video codec and MP4 refuses it the same way.
        let lesson = folder.appendingPathComponent("lesson.flv").path
        let made = try run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi",
                                      "-i", "sine=frequency=440:sample_rate=44100", "-t", "6", "-c:v", "flv", "-g", "25",
                                      "-c:a", "libmp3lame", "-shortest", lesson])
        try #require(made.status == 0, "\(made.stderr)")
        let out = folder.appendingPathComponent("clips")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let result = try clipcoach("cut", lesson, "--json", "--no-poster", "--out", out.path, "--clip=2-4=part")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("MP4 cannot hold flv1"), "no warning about the container: \(result.stderr)")
        let clips = try #require(try jsonObject(result) as? [[String: Any]])
        let clip = try #require(clips.first?["clip"] as? String)
        #expect(!clip.hasSuffix(".mp4"), "\(clip)")
        #expect(try MediaChecks.decodeErrors(clip).isEmpty)
        let report = try FFprobe.report(clip)
        #expect(report.streams.contains { $0["codec_name"] as? String == "flv1" }, "\(report.streams)")
    }
}
