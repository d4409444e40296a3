import ClipCoachCore
import Foundation
import Interchange
import Testing
import TestSupport

/// The CSV files, read by Python's csv module (an RFC 4180 reader that knows nothing of ClipCoach).
@Suite struct CSVExportTests {
    static func rows(_ path: String) throws -> [[String: String]] {
        let script = """
        import csv, json, sys
        with open(sys.argv[1], newline="", encoding="utf-8") as handle:
            print(json.dumps(list(csv.DictReader(handle))))
        """
        return try #require(try PythonOracle.json(script, module: "csv", arguments: [path]) as? [[String: String]])
    }

    @Test func annotationRowsHoldEveryField() throws {
        let library = try InterchangeLibrary.make()
        let out = try library.export(.csvAnnotations, [library.clipA, library.lesson], to: "annotations.csv")
        let rows = try Self.rows(out)
        #expect(rows.count == 7)
        let tricky = try #require(rows.first { $0["id"] == "a-0123456789ab" })
        #expect(tricky["sidecar"] == "clip-aaaa" && tricky["code"] == "richness.explanations" && tricky["score"] == "mid")
        #expect(tricky["rater"] == "Ana" && tricky["role"] == "rater" && tricky["segment"] == "")
        #expect(tricky["note"] == InterchangeLibrary.trickyNote)
        #expect(tricky["evidence"] == "5.123=student explains: why?\n2.500")
        #expect(tricky["createdAt"] == "2026-01-05T10:00:00.000Z")
        let segment = try #require(rows.first { $0["id"] == "a-44445555666d" })
        #expect(segment["segment"] == "2" && segment["evidence"] == "90.000\n70.250=student explains why")
    }

    @Test func aCutListHasTheRequestedWindows() throws {
        let library = try InterchangeLibrary.make()
        let clips = try Self.rows(try library.export(.csvClips, [library.clipA, library.clipB], to: "clips.csv"))
        #expect(clips == [["start": "10.000", "end": "40.000", "label": "Launch, \"warm-up\" <1>"],
                          ["start": "30.000", "end": "70.000", "label": "Share"]])
        let segments = try Self.rows(try library.export(.csvClips, [library.lesson], to: "segments.csv"))
        #expect(segments.map { $0["label"] ?? "" } == ["Segment 1", "Segment 2", "Segment 3"])
        #expect(segments.last?["start"] == "120.000" && segments.last?["end"] == "150.000")
    }
}
