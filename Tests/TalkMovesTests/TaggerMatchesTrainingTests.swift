import Foundation
import TalkMoves
import XCTest

/// The Swift tagger must give exactly the labels the training script predicts with the same
/// quantized weights (Scripts/train-talkmoves.py writes Fixtures/talkmoves-expected.tsv from its
/// own predictions on the made-up Fixtures/sample-lesson.tsv).
final class TaggerMatchesTrainingTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    func testSwiftPredictionsEqualTheTrainingScriptsOnTheSampleLesson() throws {
        let transcript = try TranscriptReader.read(path: Self.fixtures.appendingPathComponent("sample-lesson.tsv").path)
        let sentences = try SpeakerRoles.assign(transcript.lines)
        let tags = TalkMoveTagger(model: try TalkMoveModel.shipped()).tag(sentences)
        let expectedText = try String(contentsOf: Self.fixtures.appendingPathComponent("talkmoves-expected.tsv"), encoding: .utf8)
        let expected = expectedText.split(separator: "\n").dropFirst().map { line -> TalkMoveTag in
            let fields = line.split(separator: "\t").map(String.init)
            return TalkMoveTag(role: TalkRole(rawValue: fields[0]) ?? .student, move: fields[1])
        }
        XCTAssertEqual(tags.count, transcript.lines.count, "one tag per row")
        XCTAssertEqual(tags, expected)
        // The sample is made so the tagger has something to find, not all `none`.
        XCTAssertGreaterThanOrEqual(Set(tags.map(\.move)).count, 4, "\(tags.map(\.move))")
    }

    func testTokenizerFoldsCaseCurlyApostrophesAndKeepsQuestionMarks() {
        XCTAssertEqual(TalkMoveFeaturesProbe.tokens("Why’s THAT true? 'Cause 3+4=7…"),
                       ["why's", "that", "true", "?", "cause", "3", "4", "7"])
    }

    func testEveryMoveHasItsRole() throws {
        let model = try TalkMoveModel.shipped()
        let tags = TalkMoveTagger(model: model).tag([
            TalkSentence(speaker: "T", role: .teacher, text: "Why do you think that?"),
            TalkSentence(speaker: "S1", role: .student, text: "Because the two halves are the same size."),
        ])
        XCTAssertTrue(TalkMoveNames.teacher.contains(tags[0].move))
        XCTAssertTrue(TalkMoveNames.student.contains(tags[1].move))
        XCTAssertEqual(tags.map(\.role), [.teacher, .student])
    }

    func testAModelFileThatIsNotOneIsRefused() {
        XCTAssertThrowsError(try TalkMoveModel(data: Data("not a model".utf8)))
        var bytes = Array("CCTM".utf8) + [200, 0, 0, 0]
        bytes += Array("{}".utf8)
        XCTAssertThrowsError(try TalkMoveModel(data: Data(bytes)))
    }
}
