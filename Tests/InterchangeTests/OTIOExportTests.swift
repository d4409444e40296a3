import ClipCoachCore
import Foundation
import Interchange
import Testing
import TestSupport

/// The .otio timeline, loaded by OpenTimelineIO itself.
@Suite struct OTIOExportTests {
    /// Every clip and marker as opentimelineio sees them, times in milliseconds.
    static func read(_ path: String) throws -> [String: Any] {
        let script = """
        import json, sys
        import opentimelineio as otio
        timeline = otio.adapters.read_from_file(sys.argv[1])
        ms = lambda t: round(t.to_seconds() * 1000)
        clips = []
        for clip in timeline.find_clips():
            markers = []
            for marker in clip.markers:
                data = marker.metadata["clipcoach"]["annotation"]
                markers.append({
                    "name": marker.name, "start": ms(marker.marked_range.start_time),
                    "end": ms(marker.marked_range.end_time_exclusive()),
                    "id": data["id"], "code": data["code"], "score": data["score"], "rater": data["rater"],
                    "role": data["role"], "note": data["note"], "segment": data["segment"],
                    "evidence": [ms(moment["time"]) for moment in data["evidence"]],
                    "comments": [moment.get("comment") for moment in data["evidence"]],
                })
            clips.append({
                "name": clip.name, "sidecar": clip.metadata["clipcoach"]["sidecar"],
                "start": ms(clip.source_range.start_time), "end": ms(clip.source_range.end_time_exclusive()),
                "startFrames": clip.source_range.start_time.value, "rate": clip.source_range.start_time.rate,
                "url": clip.media_reference.target_url,
                "available": ms(clip.media_reference.available_range.duration),
                "markers": markers,
            })
        print(json.dumps({"name": timeline.name, "tracks": [t.kind for t in timeline.tracks], "clips": clips,
                          "duration": ms(timeline.duration())}))
        """
        return try #require(try PythonOracle.json(script, module: "opentimelineio", arguments: [path]) as? [String: Any])
    }

    @Test func opentimelineioFindsEveryClipRangeAndEveryMarker() throws {
        let library = try InterchangeLibrary.make()
        let out = try library.export(.otio, [library.clipA, library.clipB, library.lesson], to: "coaching.otio")
        let timeline = try Self.read(out)
        #expect(timeline["name"] as? String == "coaching")
        #expect(timeline["tracks"] as? [String] == ["Video"])
        let clips = try #require(timeline["clips"] as? [[String: Any]])
        #expect(clips.map { $0["sidecar"] as? String ?? "" } == ["clip-aaaa", "clip-bbbb", "lesson"])
        #expect(clips.map { [$0["start"] as? Int ?? -1, $0["end"] as? Int ?? -1] } == [[8000, 40000], [30000, 70000], [0, 150000]])
        // 8 s at 25 fps is frame 200 exactly.
        #expect(clips[0]["startFrames"] as? Double == 200 && clips[0]["rate"] as? Double == 25)
        #expect(clips.allSatisfy { ($0["url"] as? String)?.hasPrefix("file://") == true && ($0["url"] as? String)?.hasSuffix("/lesson.mp4") == true })
        #expect(clips.allSatisfy { $0["available"] as? Int == 150000 })
        // The timeline plays the clips back to back: 32 + 40 + 150 s.
        #expect(timeline["duration"] as? Int == 222000)

        let markers = clips.flatMap { $0["markers"] as? [[String: Any]] ?? [] }
        #expect(markers.count == 8)
        let byID = Dictionary(uniqueKeysWithValues: markers.map { ($0["id"] as? String ?? "", $0) })
        let tricky = try #require(byID["a-0123456789ab"])
        #expect(tricky["code"] as? String == "richness.explanations" && tricky["score"] as? String == "mid")
        #expect(tricky["rater"] as? String == "Ana" && tricky["role"] as? String == "rater")
        #expect(tricky["note"] as? String == InterchangeLibrary.trickyNote)
        // Marker ranges and evidence are in the lesson's media time: clip A starts at 8 s.
        #expect(tricky["start"] as? Int == 8000 && tricky["end"] as? Int == 40000)
        #expect(tricky["evidence"] as? [Int] == [13123, 10500])
        #expect((tricky["comments"] as? [Any])?.map { $0 as? String } == ["student explains: why?", nil])
        #expect(byID["a-44445555666d"]?["start"] as? Int == 60000 && byID["a-44445555666d"]?["end"] as? Int == 120000)
        #expect(byID["a-44445555666d"]?["segment"] as? Int == 2)
        #expect(byID["a-5555666677e7"]?["start"] as? Int == 0 && byID["a-5555666677e7"]?["end"] as? Int == 150000)
        #expect(byID["a-22223333444b"]?["evidence"] as? [Int] == [39999])
        #expect(byID["a-33334444555c"]?["name"] as? String == "ccasp.communicate = not-present (Cy)")
    }

    @Test func ntscRatesStayExact() throws {
        let library = try InterchangeLibrary.make()
        var clip = try library.loaded(library.clipA)
        clip.frameRate = FrameRate(approximating: 29.97002997002997)
        #expect(clip.frameRate?.description == "30000/1001")
        let out = library.path("ntsc.otio")
        let result = try Exporter.render(.otio, sources: [clip], codebook: try Codebook.mqi, output: URL(fileURLWithPath: out))
        try OutputFile.write(Data(result.text.utf8), to: out, force: false)
        let clips = try #require(try Self.read(out)["clips"] as? [[String: Any]])
        #expect(clips.first?["start"] as? Int == 8000 && clips.first?["end"] as? Int == 40000)
        let markers = try #require(clips.first?["markers"] as? [[String: Any]])
        #expect(markers.first?["evidence"] as? [Int] == [13123, 10500])
    }

    @Test func aMissingFrameRateIsAnError() throws {
        let library = try InterchangeLibrary.make()
        var clip = try library.loaded(library.clipA)
        clip.frameRate = nil
        #expect {
            try Exporter.render(.otio, sources: [clip], codebook: try Codebook.mqi, output: URL(fileURLWithPath: library.path("x.otio")))
        } throws: { error in
            (error as? InterchangeError)?.kind == .unavailable && (error as? InterchangeError)?.remedy == .frameRate && !"\(error)".contains("--")
        }
    }
}
