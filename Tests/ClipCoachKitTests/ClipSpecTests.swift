import ClipCoachKit
import Testing

@Suite struct ClipSpecTests {
    @Test func parsesWindowsAndLabels() throws {
        #expect(try ClipSpec.parse("1:30-3:45=warm-up") == ClipSpec(start: 90, end: 225, label: "warm-up"))
        #expect(try ClipSpec.parse("90.5-100") == ClipSpec(start: 90.5, end: 100, label: nil))
        #expect(try ClipSpec.parse("0:01:00.250-0:02:00=a=b") == ClipSpec(start: 60.25, end: 120, label: "a=b"))
        #expect(try ClipSpec.parse("12:00-") == ClipSpec(start: 720, end: nil, label: nil))
    }

    @Test(arguments: ["", "90", "a-b", "3:00-2:00", "5-5", "1:75-2:00"])
    func rejects(text: String) {
        #expect(throws: ClipSpec.ParseError.self) { try ClipSpec.parse(text) }
    }

    @Test func parsesLosslessCutCSV() throws {
        let csv = "start,end,label\n12,20.5,\"Warm-up, part \"\"one\"\"\"\n100,,\n# a comment\n\n30,40,x\n"
        let specs = try ClipSpec.parseCSV(csv, name: "cuts.csv")
        #expect(specs == [ClipSpec(start: 12, end: 20.5, label: "Warm-up, part \"one\""),
                          ClipSpec(start: 100, end: nil, label: nil), ClipSpec(start: 30, end: 40, label: "x")])
    }

    /// The cut list is read by the one RFC 4180 reader: a spreadsheet's byte order mark, CRLF,
    /// and a quoted label over two lines (made one line: labels name files).
    @Test func cutListsAreRFC4180() throws {
        let csv = "\u{FEFF}start,end,label\r\n1,2,\"two\r\nlines\"\r\n3,4,\"a, b\"\r\n"
        #expect(try ClipSpec.parseCSV(csv, name: "cuts.csv") == [ClipSpec(start: 1, end: 2, label: "two lines"),
                                                                 ClipSpec(start: 3, end: 4, label: "a, b")])
        #expect {
            try ClipSpec.parseCSV("1,2,a\n3,4,\"never closed\n", name: "cuts.csv")
        } throws: { error in
            (error as? ClipSpec.ParseError)?.message.hasPrefix("cuts.csv:2:") == true
        }
    }

    @Test func csvErrorsNameTheLine() {
        #expect {
            try ClipSpec.parseCSV("10,20,a\n30,xx,b\n", name: "cuts.csv")
        } throws: { error in
            (error as? ClipSpec.ParseError)?.message.hasPrefix("cuts.csv:2:") == true
        }
    }

    @Test func namesAreSafeStableAndUnique() {
        let specs = [ClipSpec(start: 0, end: 1, label: "Warm-up: 3/4 of a pie"), ClipSpec(start: 1, end: 2, label: nil),
                     ClipSpec(start: 2, end: 3, label: "warm-up-3-4-of-a-pie"), ClipSpec(start: 3, end: 4, label: "../../etc"),
                     ClipSpec(start: 4, end: 5, label: "???")]
        let names = ClipNaming.names(for: specs)
        #expect(names == ["Warm-up-3-4-of-a-pie", "clip-02", "warm-up-3-4-of-a-pie-2", "etc", "clip-05"])
        #expect(ClipNaming.names(for: specs) == names)
    }
}
