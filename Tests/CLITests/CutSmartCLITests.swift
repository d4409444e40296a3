import Foundation
import Testing
import TestSupport

/// `clipcoach cut --mode smart` end to end: the sidecar records the mode, the clip opens
/// on the frame at START, and codecs it cannot smart-cut are re-encoded with a warning.
@Suite("clipcoach cut --mode smart")
struct CutSmartCLITests {
    @Test("an H.264 lesson is smart-cut: frame-accurate start, mode smart in the sidecar")
    func smartCut() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--mode", "smart", "--json", "--out", folder.path,
                                   "--clip=3.37-6=smart")
        #expect(result.status == 0, "\(result.stderr)")
        let clip = try #require((try jsonObject(result) as? [[String: Any]])?.first)
        #expect(clip["mode"] as? String == "smart")
        let actualStart = try #require(clip["actualStart"] as? Double)
        #expect(actualStart <= 3.37 + 0.001 && actualStart > 3.37 - 0.05, "opens at \(actualStart)")
        let file = try #require(clip["clip"] as? String)
        #expect(try MediaChecks.decodeErrors(file).isEmpty)
        let validate = try clipcoach("validate", try #require(clip["sidecar"] as? String))
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
    }

    @Test("a codec it cannot smart-cut (VP9) is re-encoded, with a warning")
    func fallsBackToReencode() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try clipcoach("cut", Fixtures.sample("lesson-vp9.mkv"), "--mode", "smart", "--json", "--no-poster",
                                   "--out", folder.path, "--clip=2.5-4=vp9")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("smart cut cannot re-encode vp9"), "\(result.stderr)")
        let clip = try #require((try jsonObject(result) as? [[String: Any]])?.first)
        #expect(clip["mode"] as? String == "reencode")
        #expect((clip["clip"] as? String)?.hasSuffix(".mp4") == true)
    }
}
