import Foundation
import Moments
import TalkMoves
import XCTest

final class MomentFinderTests: XCTestCase {
    /// Ten minutes: teacher talk throughout, except a student-rich exchange at 5:00-6:30.
    func lesson() -> (TalkMap, [TimedMove]) {
        var talk: [TalkMap.Stretch] = []
        var t = 0.0
        while t < 600 {
            let studentPart = t >= 300 && t < 390
            talk.append(.init(start: t, end: t + 8, speaker: .teacher))
            if studentPart { talk.append(.init(start: t + 14, end: t + 24, speaker: .student)) }
            t += studentPart ? 26 : 10
        }
        let pauses = zip(talk, talk.dropFirst()).compactMap { a, b in b.start - a.end >= 2 ? TalkMap.Pause(start: a.end, end: b.start) : nil }
        let map = TalkMap(duration: 600, talk: talk, pauses: pauses, attribution: "audio", minPause: 2)
        let moves = [TimedMove(time: 310, role: .teacher, move: "pressing-for-reasoning"),
                     TimedMove(time: 320, role: .student, move: "providing-evidence"),
                     TimedMove(time: 350, role: .teacher, move: "pressing-for-reasoning"),
                     TimedMove(time: 360, role: .student, move: "providing-evidence"),
                     TimedMove(time: 100, role: .teacher, move: "keeping-together")]
        return (map, moves)
    }

    func testTheExplanationExchangeRanksFirstWithReasonsInWords() throws {
        let (talk, moves) = lesson()
        let keyframes = stride(from: 0.0, to: 600, by: 4).map { $0 }
        let finder = MomentFinder(map: try MomentsMap.shipped(), duration: 600, length: 90, keyframes: keyframes)
        let moments = finder.find(codes: ["richness.explanations"], talk: talk, moves: moves)
        let best = try XCTUnwrap(moments.first)
        XCTAssertEqual(best.rank, 1)
        XCTAssertTrue(best.start >= 270 && best.start <= 310, "\(best)")
        XCTAssertEqual(best.end - best.start, 90, accuracy: 0.001)
        XCTAssertTrue(keyframes.contains(best.start), "starts on a keyframe")
        let text = best.reasons.joined()
        XCTAssertTrue(text.contains("2 presses for reasoning"), text)
        XCTAssertTrue(text.contains("2 student explanations"), text)
        XCTAssertTrue(text.contains("students talk"), text)
        XCTAssertTrue(text.contains("wait after the teacher at 5:"), text)
        // Ranked windows of one code never overlap.
        for (a, b) in zip(moments, moments.dropFirst()) where a.code == b.code {
            XCTAssertFalse(a.start < b.end && b.start < a.end)
        }
        let growth = try XCTUnwrap(finder.growth(code: "richness.explanations", talk: talk, moves: moves, avoiding: best.window))
        XCTAssertFalse(growth.start < best.end && best.start < growth.end)
        XCTAssertEqual(growth.studentShare, 0)
    }

    func testAudioAloneStillGivesMoments() throws {
        let (talk, _) = lesson()
        let finder = MomentFinder(map: try MomentsMap.shipped(), duration: 600)
        let moments = finder.find(codes: ["ccasp.communicate"], talk: talk, moves: [])
        let best = try XCTUnwrap(moments.first)
        XCTAssertTrue(best.start >= 240 && best.start <= 330, "\(best)")
        XCTAssertTrue(best.reasons.joined().contains("student stretch"), "\(best.reasons)")
    }

    func testAMapNamingAnUnknownMoveIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("moments-map-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("map.json")
        try Data(#"{"format":"clipcoach-moments-map","version":1,"default":{"moves":{"shouting":1},"studentShare":1,"waitTime":1,"studentStretch":1},"codes":{}}"#.utf8).write(to: file)
        XCTAssertThrowsError(try MomentsMap.load(file)) { XCTAssertTrue("\($0)".contains("shouting is not a talk move"), "\($0)") }
    }

    func testSharesPerSegment() {
        let talk = [TalkMap.Stretch(start: 0, end: 30, speaker: .teacher), .init(start: 40, end: 50, speaker: .student)]
        let map = TalkMap(duration: 100, talk: talk, pauses: [], attribution: "audio", minPause: 2)
        let shares = map.shares(segments: [(0, 50), (50, 100)])
        XCTAssertEqual(shares[0].teacher, 30)
        XCTAssertEqual(shares[0].student, 10)
        XCTAssertEqual(shares[0].silence, 10)
        XCTAssertEqual(shares[0].studentShare, 0.25)
        XCTAssertEqual(shares[1].silence, 50)
    }
}
