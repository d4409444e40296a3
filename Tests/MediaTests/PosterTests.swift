import Foundation
@testable import Media
import Testing
import TestSupport

/// Posters: never black, blank or fade when the clip has a real picture.
@Suite("posters")
struct PosterTests {
    /// lesson.mp4 is black before 1.5 s and fades in until 3.0 s.
    @Test("clips from 0 s get a real picture, never black or fade", arguments: [
        (0.0, 10.0), (0.0, 20.0), (0.0, 4.0), (0.0, 150.0), (0.0, Double.infinity), (1.0, 7.0), (0.0, 3.5),
    ])
    func postersAreNeverBlack(start: Double, end: Double) throws {
        let pick = try Poster.choose(path: Fixtures.sample("lesson.mp4"), start: start, end: end, width: 320)
        #expect(pick.time >= 3.0 - 1e-6, "window \(start)..<\(end): poster from \(pick.time), inside the black/fade opening")
        #expect(pick.time < end)
        let folder = try Fixtures.temporaryFolder("poster")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("clip-01.jpg").path
        try pick.write(to: path)
        let image = try ThumbTestImages.rgb(path)
        #expect(image.width == 320 && image.height == 180)
        #expect(image.meanLuma > 60, "window \(start)..<\(end): poster mean luma \(image.meanLuma)")
        #expect(pick.candidates.contains { $0.rejected == "black" }, "the black opening was never considered")
    }

    @Test("one decoder thread picks the same poster, byte for byte")
    func decoderThreadsGiveTheSamePoster() throws {
        let path = Fixtures.sample("lesson.mp4")
        let automatic = try Poster.choose(path: path, start: 0, end: 60, width: 320)
        let single = try Poster.choose(path: path, start: 0, end: 60, width: 320, decoderThreads: 1)
        #expect(single.time == automatic.time)
        #expect(single.jpeg == automatic.jpeg)
    }

    @Test func anAllBlackWindowStillGetsAPoster() throws {
        let pick = try Poster.choose(path: Fixtures.sample("lesson.mp4"), start: 0, end: 1.4, width: 160)
        #expect(pick.time < 1.4)
        #expect(!pick.jpeg.isEmpty)
        #expect(pick.candidates.allSatisfy { $0.rejected == "black" })
    }

    @Test func rotatedClipGetsAPortraitPoster() throws {
        let pick = try Poster.choose(path: Fixtures.sample("lesson-rotated.mp4"), start: 0, end: .infinity)
        #expect(pick.width == 640 && pick.height > pick.width)
    }

    @Test func posterBytesAreAJPEGOfTheReportedSize() throws {
        let pick = try Poster.choose(path: Fixtures.corpusFile("mb_video.mp4"), start: 0, end: .infinity, width: 480)
        let folder = try Fixtures.temporaryFolder("poster")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("poster.jpg").path
        try Poster.write(pick, to: path)
        let size = try ThumbTestImages.size(path)
        #expect(size.width == pick.width && size.height == pick.height)
        #expect(Array(pick.jpeg.prefix(2)) == [0xFF, 0xD8])
        #expect(throws: PictureOutputError.self) { try Poster.write(pick, to: path, replacing: false) }
    }

    @Test func writingIntoAMissingFolderFailsCleanly() throws {
        let pick = try Poster.choose(path: Fixtures.sample("lesson-noaudio.mp4"), start: 0, end: 5, width: 160)
        let folder = try Fixtures.temporaryFolder("poster")
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: MediaError.self) {
            try pick.write(to: folder.appendingPathComponent("missing/clip-01.jpg").path)
        }
        #expect(error?.kind == .writeFailed)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func badInputsAreTypedErrors() {
        let audio = #expect(throws: MediaError.self) {
            try Poster.choose(path: Fixtures.corpusFile("mb_beach-party.ogg"), start: 0, end: 10)
        }
        #expect(audio?.kind == .noVideo)
        let missing = #expect(throws: MediaError.self) { try Poster.choose(path: "/nonexistent/clip.mp4", start: 0, end: 10) }
        #expect(missing?.kind == .cannotOpen)
        let empty = #expect(throws: MediaError.self) { try Poster.choose(path: Fixtures.sample("lesson.mp4"), start: 5, end: 5) }
        #expect(empty?.kind == .invalidArgument)
    }

    @Test func blackBlankAndFadeFramesAreSetAside() {
        let stats = [
            LumaStats(mean: 2, standardDeviation: 1, darkFraction: 1),      // black
            LumaStats(mean: 120, standardDeviation: 2, darkFraction: 0),    // blank grey card
            LumaStats(mean: 40, standardDeviation: 20, darkFraction: 0.6),  // fade
            LumaStats(mean: 90, standardDeviation: 50, darkFraction: 0.05),
            LumaStats(mean: 30, standardDeviation: 10, darkFraction: 0.95), // black with a caption
        ]
        #expect(PosterChoice.rejections(stats) == ["black", "blank", "fade", nil, "black"])
    }

    @Test func theCandidateNearestTheAverageWins() throws {
        func measured(_ peak: Int, spread: Double = 40) -> PosterChoice.Measured {
            var counts = [UInt32](repeating: 0, count: 256)
            counts[peak] = 100
            counts[min(255, peak + 40)] = 100
            return PosterChoice.Measured(luma: LumaStats(mean: Double(peak) + 20, standardDeviation: spread, darkFraction: 0),
                                         counts: counts)
        }
        // Three alike and one odd one: one of the alike wins, never the odd one.
        let outcome = try #require(PosterChoice.choose([measured(100), measured(180), measured(100), measured(100)]))
        #expect(outcome.index != 1)
        // A tie between two: the one with more contrast.
        let tie = try #require(PosterChoice.choose([measured(100, spread: 30), measured(110, spread: 45)]))
        #expect(tie.index == 1)
        #expect(PosterChoice.choose([]) == nil)
    }
}
