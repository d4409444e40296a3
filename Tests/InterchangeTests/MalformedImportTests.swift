import ClipCoachCore
import Foundation
import Interchange
import Testing
import TestSupport

/// Broken files are refused with a line or element named, and the sidecar keeps its bytes.
@Suite struct MalformedImportTests {
    /// Exports `sidecar` as `format`, edits the text, imports it back and expects a refusal.
    static func expectRefused(_ format: ExportFormat, as importFormat: ImportFormat, sidecar: KeyPath<InterchangeLibrary, URL>,
                              edit: (String) -> String, saying fragments: (String) -> [String],
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let library = try InterchangeLibrary.make()
        let target = library[keyPath: sidecar]
        let file = try library.export(format, [target], to: "broken.\(format.fileExtension)")
        let original = try String(contentsOfFile: file, encoding: .utf8)
        let edited = edit(original)
        #expect(edited != original, "the edit did not apply", sourceLocation: sourceLocation)
        try Data(edited.utf8).write(to: URL(fileURLWithPath: file))
        let before = try Data(contentsOf: target)

        do {
            let result = try Importer.run(importFormat, file: file, into: target.path, codebook: nil, policy: .update, dryRun: false)
            Issue.record("imported: \(result.plan)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == .badData, "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix(file + ": "), "\(error)", sourceLocation: sourceLocation)
            for fragment in fragments(edited) {
                #expect(error.description.contains(fragment), "\(error)\nexpected: \(fragment)", sourceLocation: sourceLocation)
            }
        }
        #expect(try Data(contentsOf: target) == before, "the sidecar changed", sourceLocation: sourceLocation)
    }

    /// The 1-based line holding `text`.
    static func line(of text: String, in document: String) -> Int {
        let lines = document.components(separatedBy: "\n")
        return (lines.firstIndex { $0.contains(text) } ?? -2) + 1
    }

    // MARK: ELAN

    @Test func brokenXMLNamesTheLine() throws {
        try Self.expectRefused(.eaf, as: .eaf, sidecar: \.clipA,
                               edit: { $0.replacingOccurrences(of: "    </TIER>\n    <TIER", with: "    </TIEr>\n    <TIER") },
                               saying: { ["line \(Self.line(of: "</TIEr>", in: $0)), column", "not well-formed XML: an end tag does not match its start tag"] })
    }

    /// Foundation on Linux reports success for this one after telling the delegate: still refused.
    @Test func aStrayLessThanNamesItsLine() throws {
        try Self.expectRefused(.eaf, as: .eaf, sidecar: \.clipA,
                               edit: { $0.replacingOccurrences(of: "&lt;b&gt;bold", with: "<b bold") },
                               saying: { ["line \(Self.line(of: "<b bold", in: $0)), column", "a malformed tag or attribute (a stray '<' in text? write &lt;)"] })
    }

    @Test func anotherSidecarsFileIsRefused() throws {
        let library = try InterchangeLibrary.make()
        let file = try library.export(.eaf, [library.clipA], to: "a.eaf")
        let before = try Data(contentsOf: library.clipB)
        #expect {
            try Importer.run(.eaf, file: file, into: library.clipB.path, codebook: nil, policy: .update, dryRun: false)
        } throws: { error in
            "\(error)".contains("<PROPERTY>: the file was exported from sidecar 'clip-aaaa', not 'clip-bbbb'")
        }
        #expect(try Data(contentsOf: library.clipB) == before)
    }

    /// Cut in the middle of a tag, and cut cleanly between lines (which the parser on Linux
    /// reports as a success after telling the delegate).
    @Test func aTruncatedFileIsNotXML() throws {
        try Self.expectRefused(.eaf, as: .eaf, sidecar: \.clipA, edit: { String($0.prefix($0.count / 2)) },
                               saying: { _ in ["not well-formed XML"] })
        try Self.expectRefused(.eaf, as: .eaf, sidecar: \.clipA,
                               edit: { document in
                                   let lines = document.components(separatedBy: "\n")
                                   return lines.prefix(lines.count / 2).joined(separator: "\n") + "\n"
                               },
                               saying: { _ in ["not well-formed XML: the document ends too early"] })
    }

    @Test func anUnknownScorePointNamesTheAnnotationAndTier() throws {
        try Self.expectRefused(
            .eaf, as: .eaf, sidecar: \.clipA,
            edit: { $0.replacingOccurrences(of: ">mid</ANNOTATION_VALUE>", with: ">great</ANNOTATION_VALUE>") },
            saying: { document in
                let line = Self.line(of: "<ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a-0123456789ab\"", in: document)
                return ["line \(line): <ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a-0123456789ab\"> on tier 'Ana | rater | richness.explanations': score: 'great' is not a score point of richness.explanations (not-present, low, mid, high)"]
            })
    }

    @Test func aTierOfAnUnknownCodeIsNamed() throws {
        try Self.expectRefused(
            .eaf, as: .eaf, sidecar: \.clipA,
            edit: { $0.replacingOccurrences(of: "Ana | rater | richness.explanations", with: "Ana | rater | richness.nope") },
            saying: { document in
                let line = Self.line(of: "TIER_ID=\"Ana | rater | richness.nope\"", in: document)
                return ["line \(line): <TIER TIER_ID=\"Ana | rater | richness.nope\">: 'richness.nope' is not a code of mqi-4point-2014"]
            })
    }

    @Test func timesOutsideTheClipAreRefused() throws {
        try Self.expectRefused(
            .eaf, as: .eaf, sidecar: \.clipA,
            edit: { $0.replacingOccurrences(of: "TIME_VALUE=\"32000\"", with: "TIME_VALUE=\"999999\"") },
            saying: { _ in ["<ALIGNABLE_ANNOTATION ANNOTATION_ID=", "16:39.999 is outside the clip (00:00.000-00:32.000)"] })
    }

    @Test func aTimeThatIsNotANumberNamesItsSlot() throws {
        try Self.expectRefused(
            .eaf, as: .eaf, sidecar: \.clipA,
            edit: { $0.replacingOccurrences(of: "TIME_VALUE=\"5123\"", with: "TIME_VALUE=\"5.1s\"") },
            saying: { document in
                ["line \(Self.line(of: "TIME_VALUE=\"5.1s\"", in: document)): <TIME_SLOT TIME_SLOT_ID=", "TIME_VALUE '5.1s' is not a time in whole milliseconds"]
            })
    }

    @Test func aSegmentScoreMustLieInOneSegment() throws {
        try Self.expectRefused(
            .eaf, as: .eaf, sidecar: \.lesson,
            edit: { $0.replacingOccurrences(of: "TIME_VALUE=\"120000\"", with: "TIME_VALUE=\"130000\"") },
            saying: { _ in ["richness.explanations is scored per segment, but 01:00.000-02:10.000 is not inside one scoring segment"] })
    }

    // MARK: OTIO

    @Test func aWrongJSONTypeNamesItsPath() throws {
        try Self.expectRefused(
            .otio, as: .otio, sidecar: \.clipA,
            edit: { $0.replacingOccurrences(of: "\"score\": \"mid\"", with: "\"score\": 3") },
            saying: { _ in ["tracks.children[0].children[0].markers[0].metadata.clipcoach.annotation.score: expected a string, found a number (3)"] })
    }

    @Test func aRationalTimeWithoutARateIsRefused() throws {
        try Self.expectRefused(
            .otio, as: .otio, sidecar: \.clipA,
            edit: { document in
                // The first evidence moment's time loses its rate.
                guard let evidence = document.range(of: "\"evidence\": ["),
                      let rate = document.range(of: "\"rate\": 25.0,", range: evidence.upperBound..<document.endIndex) else { return document }
                return document.replacingCharacters(in: rate, with: "\"rate\": \"25\",")
            },
            saying: { _ in ["markers[0].metadata.clipcoach.annotation.evidence[0].time.rate: expected a number, found a string ('25')"] })
    }

    @Test func evidenceMovedOutsideTheClipIsRefused() throws {
        // a-22223333444b's moment is the lesson's 39.999 s: frame 999.975 at 25 fps. Frame 2000 is 80 s.
        try Self.expectRefused(
            .otio, as: .otio, sidecar: \.clipA,
            edit: { $0.replacingOccurrences(of: "\"value\": 999.975", with: "\"value\": 2000.0") },
            saying: { _ in ["markers[2] ('richness.explanations = high (Bo)'): evidence[0].time: 01:12.000 is outside the clip (00:00.000-00:32.000)"] })
    }

    @Test func notJSONIsRefused() throws {
        try Self.expectRefused(.otio, as: .otio, sidecar: \.clipA, edit: { String($0.dropLast(40)) },
                               saying: { _ in ["not valid JSON"] })
    }

    // MARK: CSV

    @Test func anUnknownScorePointNamesTheLine() throws {
        try Self.expectRefused(
            .csvAnnotations, as: .csvAnnotations, sidecar: \.clipA,
            edit: { $0.replacingOccurrences(of: ",errors.imprecision,low,", with: ",errors.imprecision,great,") },
            saying: { _ in ["line 5: score: 'great' is not a score point of errors.imprecision (not-present, low, mid, high)"] })
    }

    @Test func anUnclosedQuoteNamesTheLine() throws {
        try Self.expectRefused(
            .csvAnnotations, as: .csvAnnotations, sidecar: \.clipA, edit: { $0 + "clip-aaaa,a-x,\"richness.language,low\r\n" },
            saying: { _ in ["line 7: a quoted field is never closed"] })
    }

    @Test func evidenceOutsideTheClipNamesTheLine() throws {
        try Self.expectRefused(
            .csvAnnotations, as: .csvAnnotations, sidecar: \.clipA,
            edit: { $0.replacingOccurrences(of: ",errors.imprecision,low,Bo,coach,,,", with: ",errors.imprecision,low,Bo,coach,,99,") },
            saying: { _ in ["line 5: evidence[0].time: 01:39.000 is outside the clip (00:00.000-00:32.000)"] })
    }

    @Test func aBadRoleNamesItsColumn() throws {
        try Self.expectRefused(
            .csvAnnotations, as: .csvAnnotations, sidecar: \.clipA,
            edit: { $0.replacingOccurrences(of: ",Bo,coach,", with: ",Bo,boss,") },
            saying: { _ in ["line 5: column 'role': 'boss' is not a role (coach, teacher, rater)"] })
    }

    @Test func rowsForOtherSidecarsOnlyAreRefused() throws {
        try Self.expectRefused(
            .csvAnnotations, as: .csvAnnotations, sidecar: \.clipA,
            edit: { $0.replacingOccurrences(of: "\r\nclip-aaaa,", with: "\r\nclip-zzzz,") },
            saying: { _ in ["no rows for sidecar 'clip-aaaa' (the file has rows for clip-zzzz)"] })
    }
}
