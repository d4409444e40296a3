import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// `clipcoach library ...` end to end: exit codes, one-line problems, JSON, and the
/// path a coach takes (cut, annotate, tag, ingest, search, show, stats).
@Suite("clipcoach library")
struct LibraryCLITests {
    static func json(_ result: RunResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "stdout: \(result.stdout)")
    }

    @Test func ingestSummarisesReportsBadFilesAndExitsWithTheWorstCode() throws {
        let root = try Fixtures.temporaryFolder("library-cli")
        defer { try? FileManager.default.removeItem(at: root) }
        let library = root.appendingPathComponent("videos")
        try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
        for name in ["lesson-noaudio.mp4", "lesson-vp9.mkv"] {
            try FileManager.default.copyItem(atPath: Fixtures.sample(name), toPath: library.appendingPathComponent(name).path)
        }
        let bad = library.appendingPathComponent("notes.mp4")
        try Data("not a video\n".utf8).write(to: bad)
        let catalog = root.appendingPathComponent("library.sqlite").path

        let first = try clipcoach("library", "ingest", library.path, "--catalog", catalog, "--json", "--jobs", "2")
        #expect(first.status == 65, "\(first.stderr)")
        let lines = first.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.hasPrefix("clipcoach: \(bad.path): ") == true, "\(first.stderr)")
        let summary = try Self.json(first)
        let counts = try #require(summary["counts"] as? [String: Int])
        #expect(counts == ["ingested": 2, "unchanged": 0, "missing": 0, "failed": 1])
        let files = try #require(summary["files"] as? [[String: Any]])
        let failed = try #require(files.first { $0["path"] as? String == bad.path })
        #expect((failed["failure"] as? [String: Any])?["kind"] as? String == "notMedia")

        let second = try clipcoach("library", "ingest", library.path, "--catalog", catalog)
        #expect(second.status == 65)
        #expect(second.stdout.hasPrefix("ingested 0, unchanged 2, missing 0, failed 1"), "\(second.stdout)")
        #expect(second.stdout.contains("failed:\n  \(bad.path): "))

        try FileManager.default.removeItem(at: bad)
        let third = try clipcoach("library", "ingest", library.path, "--catalog", catalog)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stderr.isEmpty, "progress or noise on a pipe: \(third.stderr)")
    }

    @Test(.enabled(if: Fixtures.corpusAvailable, "../shared/corpus is absent"))
    func anAudioOnlyFileIsReportedAsHavingNoVideo() throws {
        let root = try Fixtures.temporaryFolder("library-cli")
        defer { try? FileManager.default.removeItem(at: root) }
        let audio = Fixtures.corpusFile("mb_beach-party.ogg")
        let result = try clipcoach("library", "ingest", audio, "--catalog", root.appendingPathComponent("c.sqlite").path, "--json")
        #expect(result.status == 69)
        // Reported as catalogued: absolute, symlinks resolved.
        let catalogued = URL(fileURLWithPath: audio).resolvingSymlinksInPath().path
        #expect(result.stderr == "clipcoach: \(catalogued): no video stream (audio-only file?)\n", "\(result.stderr)")
    }

    /// The coach's path: cut two clips, score and tag them, ingest, find them.
    @Test func cutAnnotateIngestSearchShowStats() throws {
        let root = try Fixtures.temporaryFolder("library-cli")
        defer { try? FileManager.default.removeItem(at: root) }
        let clips = root.appendingPathComponent("clips")
        try FileManager.default.createDirectory(at: clips, withIntermediateDirectories: true)
        let cut = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", "10-20=explains", "--clip", "30-40=slips",
                                "--out", clips.path)
        #expect(cut.status == 0, "\(cut.stderr)")
        let explains = clips.appendingPathComponent("explains.json").path
        let slips = clips.appendingPathComponent("slips.json").path
        for arguments in [
            ["annotate", explains, "--code", "richness.explanations", "--score", "high", "--rater", "ana",
             "--note", "student justifies the common denominator", "--at", "3"],
            ["annotate", slips, "--code", "richness.explanations", "--score", "low", "--rater", "ana"],
            ["annotate", slips, "--code", "errors.imprecision", "--score", "high", "--rater", "ana"],
            ["annotate", explains, "--code", "errors.imprecision", "--score", "low", "--rater", "bo"],
            ["tag", explains, "--grade", "5", "--topic", "adding fractions", "--teacher", "Ms Chen", "--sharing", "library", "--consent-note", "district release on file"],
            ["tag", slips, "--grade", "5", "--topic", "adding fractions", "--tag", "calibration", "--sharing", "library", "--consent-note", "district release on file"],
        ] {
            let result = try clipcoach(arguments: arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let catalog = root.appendingPathComponent("library.sqlite").path
        let ingest = try clipcoach("library", "ingest", clips.path, "--catalog", catalog)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.hasPrefix("ingested 2, unchanged 0"), "posters and sidecars are not videos: \(ingest.stdout)")

        let search = try clipcoach("library", "search", "--catalog", catalog, "--code", "richness.explanations", "--json")
        #expect(search.status == 0, "\(search.stderr)")
        let result = try Self.json(search)
        #expect(result["queryMilliseconds"] is Double)
        let hits = try #require(result["hits"] as? [[String: Any]])
        #expect(hits.map { $0["label"] as? String } == ["explains", "slips"])
        let best = try #require(hits.first)
        #expect(best["score"] as? String == "high")
        #expect(FileManager.default.fileExists(atPath: best["poster"] as? String ?? "/nonexistent"))
        #expect((best["file"] as? String)?.hasSuffix("/clips/explains.mp4") == true)
        #expect((best["sourceStart"] as? Double).map { $0 <= 10 } == true)

        // errors.imprecision: low is better than high, so "at least mid" keeps only `explains`.
        let errors = try clipcoach("library", "search", "--catalog", catalog, "--code", "errors.imprecision",
                                   "--min-score", "mid", "--json")
        #expect(try (Self.json(errors)["hits"] as? [[String: Any]])?.map { $0["label"] as? String } == ["explains"])
        let text = try clipcoach("library", "search", "--catalog", catalog, "--text", "denominator")
        #expect(text.status == 0)
        #expect(text.stdout.split(separator: "\n").first?.hasPrefix("ID") == true, "\(text.stdout)")
        #expect(text.stdout.contains("explains") && !text.stdout.contains("slips"))

        let id = try #require(best["clipId"] as? Int)
        let show = try clipcoach("library", "show", String(id), "--catalog", catalog, "--json")
        #expect(show.status == 0, "\(show.stderr)")
        let details = try Self.json(show)
        #expect((details["annotations"] as? [Any])?.count == 2)
        #expect((details["clip"] as? [String: Any])?["teacher"] as? String == "Ms Chen")
        let showText = try clipcoach("library", "show", String(id), "--catalog", catalog)
        #expect(showText.stdout.contains("richness.explanations") && showText.stdout.contains("Ms Chen"))

        let stats = try Self.json(try clipcoach("library", "stats", "--catalog", catalog, "--json"))
        #expect((stats["videos"] as? [String: Int])?["present"] == 2)
        #expect(stats["annotations"] as? Int == 4)
        #expect((stats["migrations"] as? [String])?.first == "v1-library")
    }

    static let errorCases: [([String], Int32)] = [
        (["search", "--min-score", "mid"], 64),
        (["search", "--limit", "0"], 64),
        (["search", "--code", "richness.nonsense"], 64),
        (["search", "--code", "errors.imprecision", "--min-score", "great"], 64),
        (["ingest", "--jobs", "0", "."], 64),
        (["ingest", "/nonexistent/videos"], 66),
        (["show", "424242"], 66),
    ]

    @Test("usage and input errors: one line, documented exit code", arguments: errorCases)
    func errors(arguments: [String], status: Int32) throws {
        let root = try Fixtures.temporaryFolder("library-cli")
        defer { try? FileManager.default.removeItem(at: root) }
        let catalog = root.appendingPathComponent("library.sqlite").path
        let created = try clipcoach("library", "stats", "--catalog", catalog)
        #expect(created.status == 0, "\(created.stderr)")
        let result = try clipcoach(arguments: ["library"] + arguments + ["--catalog", catalog])
        #expect(result.status == status, "\(arguments): \(result.status) \(result.stderr)")
        #expect(!result.signalled)
        if status != 64 || arguments.contains("--code") {
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
    }

    @Test func searchingACatalogThatIsNotThereFailsWithoutMakingOne() throws {
        let root = try Fixtures.temporaryFolder("library-cli")
        defer { try? FileManager.default.removeItem(at: root) }
        let catalog = root.appendingPathComponent("typo.sqlite").path
        let result = try clipcoach("library", "search", "--catalog", catalog, "--code", "richness.explanations")
        #expect(result.status == 66)
        #expect(result.stderr.contains(catalog))
        #expect(!FileManager.default.fileExists(atPath: catalog))
    }
}
