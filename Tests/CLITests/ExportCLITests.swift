import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// `clipcoach export` on clips really cut from SampleMedia/lesson.mp4 (25 fps, keyframes every 2 s).
@Suite struct ExportCLITests {
    struct Cut {
        let folder: URL
        var launch: String { folder.appendingPathComponent("launch.json").path }
        var share: String { folder.appendingPathComponent("share.json").path }
        var lesson: String { folder.appendingPathComponent("lesson.json").path }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    }

    /// Two overlapping clips with annotations, and the lesson in 60 s segments with one.
    static func cut() throws -> Cut {
        let folder = try Fixtures.temporaryFolder("export-cli")
        let lesson = Fixtures.sample("lesson.mp4")
        let cut = try clipcoach("cut", lesson, "--clip", "10-40=launch", "--clip", "30-70=share", "--out", folder.path, "--no-poster")
        try #require(cut.status == 0, "\(cut.stderr)")
        let result = Cut(folder: folder)
        for arguments in [
            ["annotate", result.launch, "--code", "richness.explanations", "--score", "mid", "--rater", "ana",
             "--at", "5.123=board, \"work\"", "--note", "clear\nexplanation"],
            ["annotate", result.share, "--code", "ccasp.communicate", "--score", "low", "--rater", "bo", "--role", "coach"],
            ["segment", lesson, "--length", "60s", "--out", result.lesson],
            ["annotate", result.lesson, "--code", "wwsm.remediation", "--score", "high", "--rater", "ana", "--segment", "2", "--at", "1:10"],
        ] {
            let step = try clipcoach(arguments: arguments)
            try #require(step.status == 0, "\(arguments): \(step.stderr)")
        }
        return result
    }

    @Test func everyFormatIsWritten() throws {
        let cut = try Self.cut()
        let runs: [(String, [String], String)] = [
            ("webvtt-chapters", [cut.launch, cut.share], "chapters.vtt"),
            ("webvtt-metadata", [cut.lesson, cut.launch, cut.share], "metadata.vtt"),
            ("otio", [cut.launch, cut.share, cut.lesson], "timeline.otio"),
            ("eaf", [cut.lesson], "lesson.eaf"),
            ("webanno", [cut.launch, cut.lesson], "annotations.jsonld"),
            ("csv-clips", [cut.launch, cut.share], "clips.csv"),
            ("csv-annotations", [cut.launch, cut.share, cut.lesson], "annotations.csv"),
        ]
        for (format, sources, name) in runs {
            let result = try clipcoach(arguments: ["export", format] + sources + ["--out", cut.path(name), "--json"])
            #expect(result.status == 0, "\(format): \(result.stderr)")
            let report = try SidecarCLIFixtures.json(result)
            #expect(report["path"] as? String == cut.path(name) && report["format"] as? String == format)
            #expect(FileManager.default.fileExists(atPath: cut.path(name)))
            // No temporary is left beside the output.
            #expect(try SidecarCLIFixtures.temporaries(beside: URL(fileURLWithPath: cut.path(name))).isEmpty)
        }
        let chapters = try String(contentsOfFile: cut.path("chapters.vtt"), encoding: .utf8)
        #expect(chapters.hasPrefix("WEBVTT\n"))
        #expect(chapters.contains("00:00:10.000 --> 00:00:30.000\nlaunch\n"))
        // A stream copy ends where the lesson's packets end: the chapter ends where the clip really does.
        let share = try #require(try SidecarStore.read(URL(fileURLWithPath: cut.share)).clip)
        let end = Int((share.actualEnd * 1000).rounded())
        let endText = String(format: "%02d:%02d:%02d.%03d", end / 3_600_000, end / 60000 % 60, end / 1000 % 60, end % 1000)
        #expect(chapters.contains("00:00:30.000 --> \(endText)\nshare\n"))
    }

    /// OTIO's rate comes from probing the lesson: 25 fps, and the clip cut at the keyframe at 10 s is frame 250.
    @Test func otioProbesTheLessonsFrameRate() throws {
        let cut = try Self.cut()
        let out = cut.path("t.otio")
        let result = try clipcoach("export", "otio", cut.launch, "--out", out)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let timeline = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let track = try #require(((timeline["tracks"] as? [String: Any])?["children"] as? [[String: Any]])?.first)
        let clip = try #require((track["children"] as? [[String: Any]])?.first)
        let start = try #require((clip["source_range"] as? [String: Any])?["start_time"] as? [String: Any])
        #expect(start["rate"] as? Double == 25 && start["value"] as? Double == 250)

        let ntsc = try clipcoach("export", "otio", cut.launch, "--out", cut.path("ntsc.otio"), "--rate", "30000/1001")
        #expect(ntsc.status == 0, "\(ntsc.stderr)")
        #expect(try String(contentsOfFile: cut.path("ntsc.otio"), encoding: .utf8).contains("\"rate\": 29.97002997002997"))
    }

    @Test func anExistingOutputNeedsForce() throws {
        let cut = try Self.cut()
        let out = cut.path("a.csv")
        #expect(try clipcoach("export", "csv-annotations", cut.launch, "--out", out).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: out))
        let again = try clipcoach("export", "csv-annotations", cut.launch, cut.share, "--out", out)
        #expect(again.status == 73)
        #expect(again.stderr == "clipcoach: \(out): already exists (use --force to overwrite)\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == before)
        let forced = try clipcoach("export", "csv-annotations", cut.launch, cut.share, "--out", out, "--force")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) != before)
    }

    /// The cut list is the cut command's own format: cutting from it gives the same clips.
    @Test func theCutListIsReadByCut() throws {
        let cut = try Self.cut()
        let list = cut.path("clips.csv")
        #expect(try clipcoach("export", "csv-clips", cut.launch, cut.share, "--out", list).status == 0)
        let again = try Fixtures.temporaryFolder("export-recut")
        let recut = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clips", list, "--out", again.path, "--no-poster")
        #expect(recut.status == 0, "\(recut.stderr)")
        for name in ["launch", "share"] {
            let original = try SidecarStore.read(cut.folder.appendingPathComponent("\(name).json"))
            let copy = try SidecarStore.read(again.appendingPathComponent("\(name).json"))
            #expect(copy.id == original.id)
            #expect(copy.clip?.label == name)
            #expect(copy.clip?.requestedStart == original.clip?.requestedStart && copy.clip?.requestedEnd == original.clip?.requestedEnd)
        }
    }

    @Test func refusals() throws {
        let cut = try Self.cut()
        let cases: [([String], Int32, String)] = [
            (["export", "eaf", cut.launch, cut.share, "--out", cut.path("x.eaf")], 64, "an ELAN file describes one video"),
            (["export", "csv-annotations", cut.launch, "--out", cut.launch, "--force"], 64, "is the sidecar \(cut.launch) itself"),
            (["export", "webvtt", cut.launch, "--out", cut.path("x.vtt")], 64, "webvtt"),
            (["export", "otio", cut.launch, "--out", cut.path("x.otio"), "--rate", "fast"], 64, "--rate 'fast' is not a frame rate"),
            (["export", "csv-annotations", cut.path("missing.json"), "--out", cut.path("x.csv")], 66, "no such sidecar file"),
            (["export", "csv-annotations", cut.launch, cut.launch, "--out", cut.path("x.csv")], 64, "is the same clip sidecar as"),
            (["export", "webvtt-chapters", cut.launch, "--out", cut.path("launch.mp4"), "--force"], 64, "is a video of \(cut.launch)"),
            (["export", "csv-annotations", cut.launch, "--out", cut.path("no/such/folder/x.csv")], 73, "does not exist"),
        ]
        for (arguments, status, message) in cases {
            let result = try clipcoach(arguments: arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: cut.path("x.eaf")))
        #expect(try clipcoach("probe", cut.path("launch.mp4")).status == 0)
        #expect(try SidecarStore.read(URL(fileURLWithPath: cut.launch)).annotations.count == 1)
    }
}
