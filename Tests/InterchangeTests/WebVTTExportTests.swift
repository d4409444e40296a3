import ClipCoachCore
import Foundation
import Interchange
import Testing
import TestSupport

/// Both WebVTT tracks, read back by webvtt-py.
@Suite struct WebVTTExportTests {
    /// Cues as webvtt-py reads them: identifier, times in milliseconds, text with entities decoded
    /// (as a browser decodes them) and, for metadata, the JSON payload.
    static func cues(_ path: String, payload: Bool = false) throws -> [[String: Any]] {
        let script = """
        import json, sys, html
        import webvtt
        def ms(t):
            h, m, s = t.split(':'); whole, milli = s.split('.')
            return ((int(h) * 60 + int(m)) * 60 + int(whole)) * 1000 + int(milli)
        out = []
        for cue in webvtt.read(sys.argv[1]):
            item = {"id": cue.identifier, "start": ms(cue.start), "end": ms(cue.end), "text": html.unescape(cue.text)}
            if sys.argv[2] == "payload":
                item["payload"] = json.loads(cue.text)
            out.append(item)
        print(json.dumps(out))
        """
        let parsed = try PythonOracle.json(script, module: "webvtt", arguments: [path, payload ? "payload" : "text"])
        return try #require(parsed as? [[String: Any]])
    }

    static func summary(_ cues: [[String: Any]]) -> [String] {
        cues.map { "\($0["id"] ?? "")|\($0["start"] ?? "")|\($0["end"] ?? "")|\($0["text"] ?? "")" }
    }

    @Test func chaptersOfOverlappingClipsOnTheLessonStayDisjoint() throws {
        let library = try InterchangeLibrary.make()
        let sources = try [library.lesson, library.clipA, library.clipB].map(library.loaded)
        let result = try Exporter.render(.webvttChapters, sources: sources, codebook: try Codebook.mqi,
                                         output: URL(fileURLWithPath: library.path("chapters.vtt")))
        try OutputFile.write(Data(result.text.utf8), to: library.path("chapters.vtt"), force: false)
        // A (8-40 s) and B (30-70 s) overlap partly: A's chapter ends where B's begins.
        #expect(Self.summary(try Self.cues(library.path("chapters.vtt"))) == [
            "clip-aaaa|8000|30000|Launch, \"warm-up\" <1>",
            "clip-bbbb|30000|70000|Share",
        ])
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.contains("'Launch, \"warm-up\" <1>' and 'Share' overlap (00:30.000-00:40.000)") == true)
    }

    @Test func chaptersNestAClipInsideALongerOne() throws {
        let library = try InterchangeLibrary.make()
        let outer = try library.loaded(library.clipA)
        var inner = outer.sidecar
        inner.id = "clip-cccc"
        inner.clip?.label = "Inner"
        inner.clip?.actualStart = 12
        inner.clip?.actualEnd = 20
        inner.clip?.duration = 8
        let sources = [outer, LoadedSidecar(path: library.path("c.json"), sidecar: inner)]
        let out = library.path("nested.vtt")
        let result = try Exporter.render(.webvttChapters, sources: sources, codebook: try Codebook.mqi, output: URL(fileURLWithPath: out))
        try OutputFile.write(Data(result.text.utf8), to: out, force: false)
        #expect(Self.summary(try Self.cues(out)) == [
            "clip-aaaa|8000|40000|Launch, \"warm-up\" <1>",
            "clip-cccc|12000|20000|Inner",
        ])
        #expect(result.warnings.isEmpty)
    }

    @Test func chaptersOfALessonAreItsScoringSegments() throws {
        let library = try InterchangeLibrary.make()
        let out = try library.export(.webvttChapters, [library.lesson], to: "segments.vtt")
        #expect(Self.summary(try Self.cues(out)) == [
            "lesson-segment-1|0|60000|Segment 1",
            "lesson-segment-2|60000|120000|Segment 2",
            "lesson-segment-3|120000|150000|Segment 3",
        ])
    }

    @Test func oneClipIsChapteredOnItsOwnTimeline() throws {
        let library = try InterchangeLibrary.make()
        let out = try library.export(.webvttChapters, [library.clipA], to: "a.vtt")
        #expect(Self.summary(try Self.cues(out)) == ["clip-aaaa|0|32000|Launch, \"warm-up\" <1>"])
    }

    @Test func metadataHasACuePerAnnotationAndPerEvidenceMomentWithJSON() throws {
        let library = try InterchangeLibrary.make()
        let out = try library.export(.webvttMetadata, [library.lesson, library.clipA, library.clipB], to: "metadata.vtt")
        let cues = try Self.cues(out, payload: true)
        #expect(cues.count == 17)

        // Cue start times never go backwards (WebVTT requires it).
        let starts = cues.compactMap { $0["start"] as? Int }
        #expect(starts == starts.sorted())

        var annotations: [String: (start: Int, end: Int, evidence: [Int])] = [:]
        var evidence: [String: (start: Int, end: Int, time: Int)] = [:]
        for cue in cues {
            let payload = try #require(cue["payload"] as? [String: Any])
            let (start, end) = (cue["start"] as? Int ?? -1, cue["end"] as? Int ?? -1)
            if payload["type"] as? String == "annotation" {
                let id = try #require(payload["id"] as? String)
                #expect(cue["id"] as? String == id)
                #expect(payload["startMs"] as? Int == start && payload["endMs"] as? Int == end)
                let moments = (payload["evidence"] as? [[String: Any]] ?? []).compactMap { $0["timeMs"] as? Int }
                annotations[id] = (start, end, moments)
            } else {
                evidence[cue["id"] as? String ?? ""] = (start, end, payload["timeMs"] as? Int ?? -1)
            }
        }
        #expect(annotations["a-44445555666d"]?.start == 60000 && annotations["a-44445555666d"]?.end == 120000)
        #expect(annotations["a-44445555666d"]?.evidence == [90000, 70250])
        #expect(annotations["a-5555666677e7"]?.start == 0 && annotations["a-5555666677e7"]?.end == 150000)
        // Clip A was cut from 8 s: its own 5.123 s is the lesson's 13.123 s.
        #expect(annotations["a-0123456789ab"]?.start == 8000 && annotations["a-0123456789ab"]?.end == 40000)
        #expect(annotations["a-0123456789ab"]?.evidence == [13123, 10500])
        #expect(annotations["a-22223333444b"]?.evidence == [39999])
        #expect(annotations["a-33334444555c"]?.start == 30000 && annotations["a-33334444555c"]?.evidence == [30000, 70000])
        #expect(annotations.count == 8)
        #expect(evidence.count == 9)
        #expect(evidence["a-0123456789ab/evidence-1"].map { [$0.start, $0.end, $0.time] } == [13123, 14123, 13123])
        #expect(evidence["a-6666777788f8/evidence-1"].map { [$0.start, $0.end, $0.time] } == [150000, 151000, 150000])

        // The note with quotes, a line break, <b>, & and --> survives as JSON text.
        let tricky = try #require(cues.first { ($0["payload"] as? [String: Any])?["id"] as? String == "a-0123456789ab" })
        let payload = try #require(tricky["payload"] as? [String: Any])
        #expect(payload["note"] as? String == InterchangeLibrary.trickyNote)
        #expect(payload["codeName"] as? String == "Explanations")
        #expect(payload["scoreLabel"] as? String == "Mid")
        #expect(payload["sidecar"] as? String == "clip-aaaa")
    }

    @Test func sourcesFromTwoLessonsCannotShareATrack() throws {
        let library = try InterchangeLibrary.make()
        var other = try library.loaded(library.clipB)
        var sidecar = other.sidecar
        sidecar.source.fingerprint = "sha256s:ffff"
        sidecar.source.path = "other.mp4"
        other = LoadedSidecar(path: "other.json", sidecar: sidecar)
        #expect(throws: InterchangeError.self) {
            try Exporter.render(.webvttMetadata, sources: [try library.loaded(library.clipA), other],
                                codebook: try Codebook.mqi, output: URL(fileURLWithPath: library.path("x.vtt")))
        }
    }
}
