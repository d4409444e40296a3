import ClipCoachCore
import Foundation
@testable import Interchange
import Testing
import TestSupport

/// Times written from whole milliseconds, frame arithmetic, RFC 4180 CSV, XML escaping.
@Suite struct TextFormatTests {
    @Test(arguments: [
        (0, "0.000", "00:00:00.000"), (70250, "70.250", "00:01:10.250"), (5123, "5.123", "00:00:05.123"),
        (3_599_999, "3599.999", "00:59:59.999"), (36_000_001, "36000.001", "10:00:00.001"),
        (360_000_000, "360000.000", "100:00:00.000"),
    ] as [(Int64, String, String)])
    func millisecondsAreFormattedFromIntegers(milliseconds: Int64, decimal: String, vtt: String) {
        #expect(Milliseconds.decimalSeconds(milliseconds) == decimal)
        #expect(Milliseconds.webVTT(milliseconds) == vtt)
    }

    /// Seconds that print badly as doubles still become the right milliseconds.
    @Test func secondsRoundToTheMillisecond() {
        #expect(Milliseconds.from(seconds: 70.1) == 70100)
        #expect(Milliseconds.from(seconds: 0.1 + 0.2) == 300)
        #expect(Milliseconds.from(seconds: 4.35) == 4350)
        #expect(Milliseconds.from(seconds: 1e6 + 0.001) == 1_000_000_001)
    }

    @Test func frameRatesAreFractions() throws {
        #expect(FrameRate(approximating: 25)?.description == "25")
        #expect(FrameRate(approximating: 29.97002997002997)?.description == "30000/1001")
        #expect(FrameRate(approximating: 23.976023976023978)?.description == "24000/1001")
        #expect(FrameRate(approximating: 14.841688654353561)?.description == "14842/1000")
        #expect(FrameRate(text: "30000/1001")?.description == "30000/1001")
        #expect(FrameRate(text: "0") == nil && FrameRate(text: "x") == nil && FrameRate(text: "-25") == nil)
    }

    /// Every millisecond survives frames and back, at common rates; frame-aligned times are whole frames.
    @Test func framesRoundTripEveryMillisecond() throws {
        for rate in [FrameRate(numerator: 25, denominator: 1), FrameRate(numerator: 30000, denominator: 1001),
                     FrameRate(numerator: 24000, denominator: 1001), FrameRate(numerator: 60, denominator: 1)] {
            let rate = try #require(rate)
            for milliseconds in Int64(0)...20000 {
                #expect(rate.milliseconds(frames: rate.frames(milliseconds: milliseconds)) == milliseconds)
            }
        }
        let ntsc = try #require(FrameRate(numerator: 30000, denominator: 1001))
        #expect(ntsc.frames(milliseconds: 1001) == 30)    // 1.001 s is frame 30 exactly
        #expect(ntsc.frames(milliseconds: 33) == 1)       // frame 1 is at 33.367 ms, which rounds to 33
        #expect(ntsc.frames(milliseconds: 34) != 1 && ntsc.frames(milliseconds: 34).rounded() != ntsc.frames(milliseconds: 34))
        #expect(ntsc.frames(milliseconds: 10010) == 300)
        #expect(try #require(FrameRate(numerator: 25, denominator: 1)).frames(milliseconds: 5123) == 128.075)
    }

    @Test func csvFieldsAreQuotedOnlyWhenNeeded() {
        #expect(CSVTable.line(["plain", "a,b", "say \"hi\"", "two\nlines", " padded", ""]) ==
                "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",\r\n")
    }

    @Test func csvReadsQuotedLineBreaksAndCountsLines() throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"x,\r\ny\",\"q\"\"\"\n\n2,,\r\n\"\",last"
        let records = try CSVTable.parse(text)
        #expect(records.map(\.line) == [1, 2, 5, 6])
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "x,\r\ny", "q\""], ["2", "", ""], ["", "last"]])
    }

    @Test(arguments: [
        ("a,\"b", 1, "never closed"), ("a,b\"c", 1, "a quote inside a field"), ("x\n\"a\"b", 2, "after a closing quote"),
    ])
    func csvSyntaxErrorsNameTheLine(text: String, line: Int, message: String) {
        #expect {
            try CSVTable.parse(text)
        } throws: { error in
            guard let error = error as? CSVTable.SyntaxError else { return false }
            return error.line == line && error.message.contains(message)
        }
    }

    @Test func xmlEscapingKeepsEveryCharacterThatXMLCanHold() {
        #expect(XMLText.content("a < b & c > d\r\n") == "a &lt; b &amp; c &gt; d&#13;\n")
        #expect(XMLText.attribute("say \"hi\"\tnow\n") == "say &quot;hi&quot;&#9;now&#10;")
        #expect(XMLText.content("bell\u{7}") == "bell\u{FFFD}")
        #expect(XMLText.isIdentifier("a-0123456789ab") && !XMLText.isIdentifier("1abc") && !XMLText.isIdentifier("a b"))
    }

    @Test func jsonTextEscapesWhatWebVTTWouldMisread() {
        let node = JSONNode.object([("note", .string("a --> <b> & \"q\"\n")), ("n", .number(300.5)), ("i", .integer(7))])
        #expect(node.compact(escapeMarkup: true) == #"{"note":"a --\u003e \u003cb\u003e \u0026 \"q\"\n","n":300.5,"i":7}"#)
    }
}
