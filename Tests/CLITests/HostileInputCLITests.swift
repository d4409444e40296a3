import Foundation
import Testing
import TestSupport

/// Inputs built to hurt: caps and refusals instead of unbounded work.
@Suite("hostile input")
struct HostileInputCLITests {
    @Test func pictureWiderThanTheCapIsRefused() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // 17000 pixels wide (the cap is 16384 a side): raw grey frames keep the file small.
        let wide = folder.appendingPathComponent("wide.avi").path
        let made = try run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "color=c=gray:s=17000x8:r=1", "-frames:v", "2",
                                      "-c:v", "rawvideo", "-pix_fmt", "gray", wide])
        try #require(made.status == 0, "\(made.stderr)")
        let thumbs = try clipcoach("thumbs", wide, "--out", folder.appendingPathComponent("t").path)
        #expect(thumbs.status == 65, "\(thumbs.stderr)")
        #expect(thumbs.stderr.contains("safety cap"))
        let cut = try clipcoach("cut", wide, "--mode", "reencode", "--clip", "0-1", "--out", folder.path)
        #expect(cut.status == 65, "\(cut.stderr)")
        #expect(cut.stderr.contains("safety cap"))
        #expect(MediaChecks.leftovers(in: folder).isEmpty)
    }

    @Test(arguments: ["/dev/zero", "/dev/urandom"])
    func devicesAreRefusedAtOnce(path: String) throws {
        let result = try clipcoach("probe", path, timeout: 20)
        #expect(!result.timedOut)
        #expect(result.status == 66)
        #expect(result.stderr.contains("not a regular file"))
    }

    @Test func aFifoDoesNotHang() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("lesson.mp4").path
        try #require(mkfifo(fifo, 0o644) == 0)
        let result = try clipcoach("probe", fifo, timeout: 20)
        #expect(!result.timedOut)
        #expect(result.status == 66)
    }
}
