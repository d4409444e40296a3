import Foundation
import TalkMoves
import XCTest

final class TranscriptReaderTests: XCTestCase {
    func parse(_ text: String, _ name: String) throws -> Transcript {
        try TranscriptReader.parse(Data(text.utf8), fileName: name)
    }

    func assertError(_ text: String, _ name: String, line: Int?, contains words: String,
                     file: StaticString = #filePath, lineNumber: UInt = #line) {
        XCTAssertThrowsError(try parse(text, name), file: file, line: lineNumber) { error in
            guard let error = error as? TranscriptError else { return XCTFail("\(error)", file: file, line: lineNumber) }
            XCTAssertEqual(error.line, line, "\(error)", file: file, line: lineNumber)
            XCTAssertTrue(error.description.contains(words), "\(error)", file: file, line: lineNumber)
        }
    }

    func testWebVTTVoicesTimesAndTags() throws {
        let text = """
        WEBVTT

        NOTE made up for the test

        1
        00:00:05.000 --> 00:00:08.500
        <v Ms. Lee>How do you <b>know</b> there are eight?</v>

        00:00:09.000 --> 00:00:11.000 align:start
        <v.loud Sam>Because two times four &amp; so on.

        00:01:02.250 --> 00:01:04.000
        no voice here
        """
        let transcript = try parse(text, "lesson.vtt")
        XCTAssertEqual(transcript.format, .webvtt)
        XCTAssertEqual(transcript.lines.map(\.speaker), ["Ms. Lee", "Sam", ""])
        XCTAssertEqual(transcript.lines.map(\.text), ["How do you know there are eight?", "Because two times four & so on.", "no voice here"])
        XCTAssertEqual(transcript.lines.map(\.start), [5, 9, 62.25])
        XCTAssertEqual(transcript.lines.map(\.end), [8.5, 11, 64])
        XCTAssertEqual(transcript.lines.map(\.fileLine), [6, 9, 12])
        // The line without a voice continues the speaker before it.
        XCTAssertEqual(try SpeakerRoles.assign(transcript.lines).map(\.speaker), ["Ms. Lee", "Sam", "Sam"])
    }

    func testSRTNamePrefixes() throws {
        let text = "1\r\n00:00:01,000 --> 00:00:03,000\r\nT: Who agrees?\r\n\r\n2\r\n00:00:04,000 --> 00:00:06,500\r\nS2: I do,\r\nbecause it is half.\r\n"
        let transcript = try parse(text, "class.srt")
        XCTAssertEqual(transcript.format, .srt)
        XCTAssertEqual(transcript.lines.map(\.speaker), ["T", "S2"])
        XCTAssertEqual(transcript.lines.map(\.text), ["Who agrees?", "I do, because it is half."])
        XCTAssertEqual(transcript.lines.map(\.start), [1, 4])
        XCTAssertEqual(try SpeakerRoles.assign(transcript.lines).map(\.role), [.teacher, .student])
    }

    func testTSVRowsInOrderWithOptionalTimestamps() throws {
        let text = "turn\tspeaker\tsentence\ttimestamp\n1\tT\tWhat is seven times six?\t00:01:02\n2\tS\tForty two.\t\n3\tT\tWhy?\t1:10 - 1:12\n"
        let transcript = try parse(text, "lesson.tsv")
        XCTAssertEqual(transcript.lines.count, 3)
        XCTAssertEqual(transcript.lines.map(\.start), [62, nil, 70])
        XCTAssertEqual(transcript.lines.map(\.end), [nil, nil, 72])
        XCTAssertEqual(transcript.lines.map(\.fileLine), [2, 3, 4])
    }

    func testCSVQuotedFields() throws {
        let text = "speaker,sentence\nTeacher,\"Okay, so, who can \"\"revoice\"\" that?\"\nAna,\"Two lines,\nin one field\"\n"
        let transcript = try parse(text, "lesson.csv")
        XCTAssertEqual(transcript.lines.map(\.text), ["Okay, so, who can \"revoice\" that?", "Two lines,\nin one field"])
        XCTAssertEqual(try SpeakerRoles.assign(transcript.lines).map(\.role), [.teacher, .student])
    }

    func testTeacherIsTheMostFrequentSpeakerOrTheOneNamed() throws {
        let lines = ["Lee", "Ana", "Lee", "Bo", "Lee"].enumerated().map {
            Transcript.Line(fileLine: $0.offset + 1, speaker: $0.element, text: "x")
        }
        XCTAssertEqual(try SpeakerRoles.assign(lines).map(\.role), [.teacher, .student, .teacher, .student, .teacher])
        XCTAssertEqual(try SpeakerRoles.assign(lines, teacher: "ana").map(\.role), [.student, .teacher, .student, .student, .student])
        XCTAssertThrowsError(try SpeakerRoles.assign(lines, teacher: "Zed"))
    }

    func testMalformedFilesNameTheLine() {
        assertError("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v T>ok\n\n00:00:03.000 -> 00:00:04.000\n<v T>bad arrow\n",
                    "a.vtt", line: 6, contains: "timing line")
        assertError("WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\n<v T>ok\n", "a.vtt", line: 3, contains: "cannot read the times")
        assertError("Hello\n\n00:00:01.000 --> 00:00:02.000\nx\n", "a.vtt", line: 1, contains: "WEBVTT")
        assertError("1\n00:00:05,000 --> 00:00:04,000\nT: backwards\n", "a.srt", line: 2, contains: "before it starts")
        assertError("speaker\tsentence\nT\tfine\nS\ttoo\tmany\n", "a.tsv", line: 3, contains: "3 columns")
        assertError("who\twhat\nT\thi\n", "a.tsv", line: 1, contains: "speaker and sentence")
        assertError("speaker,sentence,timestamp\nT,hi,12:xx\n", "a.csv", line: 2, contains: "cannot read the time")
        assertError("speaker,sentence\nT,\"never closed\n", "a.csv", line: 2, contains: "never closed")
    }

    func testTimesOutOfOrderOrAfterTheLessonNameTheLine() throws {
        let transcript = try parse("speaker\tsentence\ttimestamp\nT\ta\t00:10\nS\tb\t00:05\n", "a.tsv")
        XCTAssertThrowsError(try transcript.checkTimes(lessonDuration: nil)) { error in
            XCTAssertEqual((error as? TranscriptError)?.line, 3)
            XCTAssertTrue("\(error)".contains("out of order"), "\(error)")
        }
        let late = try parse("speaker\tsentence\ttimestamp\nT\ta\t00:10\nS\tb\t05:00\n", "a.tsv")
        XCTAssertNoThrow(try late.checkTimes(lessonDuration: 400))
        XCTAssertThrowsError(try late.checkTimes(lessonDuration: 120)) { error in
            XCTAssertEqual((error as? TranscriptError)?.line, 3)
            XCTAssertTrue("\(error)".contains("after the end of the lesson"), "\(error)")
        }
    }

    func testAnUnknownEncodingIsAnErrorNotMojibake() throws {
        var latin1 = Data("speaker\tsentence\nT\tok\n".utf8)
        latin1.append(contentsOf: [0x53, 0x09, 0x63, 0x61, 0x66, 0xE9, 0x0A]) // "S\tcaf\xE9" in Latin-1
        XCTAssertThrowsError(try TranscriptReader.parse(latin1, fileName: "a.tsv")) { error in
            XCTAssertEqual((error as? TranscriptError)?.line, 3)
            XCTAssertTrue("\(error)".contains("not UTF-8"), "\(error)")
        }
        // UTF-16 with its byte-order mark and UTF-8 with one are read.
        let utf16 = try XCTUnwrap("speaker,sentence\nT,café\n".data(using: .utf16))
        XCTAssertEqual(try TranscriptReader.parse(utf16, fileName: "a.csv").lines.first?.text, "café")
        let bom = Data([0xEF, 0xBB, 0xBF]) + Data("speaker,sentence\nT,ok\n".utf8)
        XCTAssertEqual(try TranscriptReader.parse(bom, fileName: "a.csv").lines.count, 1)
    }
}
