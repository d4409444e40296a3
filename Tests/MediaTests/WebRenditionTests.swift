import Foundation
import Media
import Testing
import TestSupport

/// Clips browsers cannot play get an H.264 + AAC MP4 beside them, made once.
@Suite("Web rendition")
struct WebRenditionTests {
    /// A 2 s HEVC + AAC MP4, as phones record (hvc1).
    static func makeHEVC(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("phone.mp4").path
        let made = try run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi",
                                      "-i", "sine=frequency=500:sample_rate=48000", "-t", "2", "-c:v", "libx265",
                                      "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1",
                                      "-c:a", "aac", "-shortest", path])
        try #require(made.status == 0, "\(made.stderr)")
        return path
    }

    @Test("an HEVC clip gets an H.264 + AAC rendition beside it, made once; an H.264 clip needs none")
    func hevcGetsARendition() throws {
        let folder = try Fixtures.temporaryFolder("web-rendition")
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try Self.makeHEVC(in: folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: clip))
        #expect(WebRendition.isNeeded(for: clip) == true)
        let playable = try WebRendition.playable(for: clip)
        #expect(playable == folder.appendingPathComponent("phone.web.mp4").path)
        let report = try FFprobe.report(playable)
        #expect(report.streams.map { $0["codec_name"] as? String ?? "" }.sorted() == ["aac", "h264"])
        #expect(abs((report.duration ?? 0) - 2.0) < 0.1, "rendition lasts \(report.duration ?? 0) s")
        #expect(try MediaChecks.decodeErrors(playable).isEmpty)
        // Made once: a second call keeps the file; the original is untouched.
        let made = try FileManager.default.attributesOfItem(atPath: playable)[.modificationDate] as? Date
        #expect(try WebRendition.playable(for: clip) == playable)
        #expect(try FileManager.default.attributesOfItem(atPath: playable)[.modificationDate] as? Date == made)
        #expect(try Data(contentsOf: URL(fileURLWithPath: clip)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["phone.mp4", "phone.web.mp4"])

        let h264 = Fixtures.sample("lesson.mp4")
        #expect(WebRendition.isNeeded(for: h264) == false)
        #expect(try WebRendition.playable(for: h264) == h264)
    }
}
