import Foundation
import Testing
import TestSupport

/// What a coach following the README tripped on (issue 14, item 6), and leaving nothing
/// behind (item 4): each fix run through the real CLI on the sample lesson.
@Suite struct NewUserCLITests {
    static func folderNames(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func cutMakesTheOutputFolderAndItsParents() throws {
        let folder = try Fixtures.temporaryFolder("clipcoach-cut-out")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("clips/week-1")
        let result = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", "1-3", "--out", out.path + "/", "--no-poster")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.folderNames(out).contains { $0.hasSuffix(".mp4") })
    }

    @Test func aRefusedCutMakesNoFolder() throws {
        let folder = try Fixtures.temporaryFolder("clipcoach-cut-refused")
        defer { try? FileManager.default.removeItem(at: folder) }
        let notMedia = folder.appendingPathComponent("notes.mp4")
        try Data("not a video".utf8).write(to: notMedia)
        let result = try clipcoach("cut", notMedia.path, "--clip", "1-3", "--out", folder.appendingPathComponent("clips/new").path)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(try Self.folderNames(folder) == ["notes.mp4"])
    }

    @Test func reencodeNeverUpscales() throws {
        let folder = try Fixtures.temporaryFolder("clipcoach-no-upscale")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", "1-2", "--mode", "reencode",
                                   "--height", "2000", "--no-poster", "--out", folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let clip = try #require(try Self.folderNames(folder).first { $0.hasSuffix(".mp4") })
        let source = try FFprobe.report(Fixtures.sample("lesson.mp4")).stream(0)?["height"] as? Int
        let made = try FFprobe.report(folder.appendingPathComponent(clip).path).stream(0)?["height"] as? Int
        #expect(source != nil && made == source, "source \(String(describing: source)), clip \(String(describing: made))")
    }

    @Test func annotatingAVideoNamesTheSidecarAndLeavesNothing() throws {
        let folder = try Fixtures.temporaryFolder("clipcoach-annotate-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let video = folder.appendingPathComponent("lesson.mp4")
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson.mp4"), toPath: video.path)
        let args = ["--code", "richness.explanations", "--score", "mid", "--rater", "ana"]

        let bare = try clipcoach(arguments: ["annotate", video.path] + args)
        #expect(bare.status == 65)
        #expect(bare.stderr.contains("is a video, not a sidecar"), "\(bare.stderr)")
        #expect(bare.stderr.contains("clipcoach cut") && bare.stderr.contains("clipcoach segment"))
        #expect(try Self.folderNames(folder) == ["lesson.mp4"], "no lock file beside the video")

        let segment = try clipcoach("segment", video.path)
        #expect(segment.status == 0, "\(segment.stderr)")
        let named = try clipcoach(arguments: ["annotate", video.path] + args)
        #expect(named.stderr.contains("use its sidecar \(folder.appendingPathComponent("lesson.json").path)"), "\(named.stderr)")
    }

    @Test func annotatingASidecarLeavesNoLockFileBesideIt() throws {
        let folder = try Fixtures.temporaryFolder("clipcoach-no-litter")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cut = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", "1-3", "--out", folder.path, "--no-poster")
        #expect(cut.status == 0, "\(cut.stderr)")
        let before = try Self.folderNames(folder)
        let sidecar = try #require(before.first { $0.hasSuffix(".json") })
        let added = try clipcoach("annotate", folder.appendingPathComponent(sidecar).path,
                                  "--code", "richness.explanations", "--score", "mid", "--rater", "ana")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try Self.folderNames(folder) == before, "only clips, posters and sidecars")
    }

    @Test func aRefusedFirstCycleLeavesNoCatalog() throws {
        let folder = try Fixtures.temporaryFolder("clipcoach-cycle-refused")
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = folder.appendingPathComponent("library.sqlite")
        let result = try clipcoach("cycle", "new", "--catalog", catalog.path, "--teacher", "Ms. Rivera",
                                   "--lesson", Fixtures.sample("lesson.mp4"), "--focus", "richness.nope")
        #expect(result.status == 64, "\(result.stderr)")
        #expect(try Self.folderNames(folder) == [], "no empty catalog left")
    }

    @Test func scorePointsInAnyCaseAndNearMissesSuggested() throws {
        let folder = try Fixtures.temporaryFolder("clipcoach-any-case")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cut = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", "1-3", "--out", folder.path, "--no-poster")
        #expect(cut.status == 0, "\(cut.stderr)")
        let sidecar = try #require(try Self.folderNames(folder).first { $0.hasSuffix(".json") })
        let path = folder.appendingPathComponent(sidecar).path

        let upper = try clipcoach("annotate", path, "--code", "Richness.Explanations", "--score", "Mid", "--rater", "ana", "--json")
        #expect(upper.status == 0, "\(upper.stderr)")
        let saved = try #require(try jsonObject(upper) as? [String: Any])
        let annotation = try #require(saved["annotation"] as? [String: Any])
        #expect(annotation["code"] as? String == "richness.explanations")
        #expect(annotation["score"] as? String == "mid")
        #expect(try clipcoach("annotate", path, "--code", "richness.explanations", "--score", "HIGH", "--rater", "bo").status == 0)

        let typo = try clipcoach("annotate", path, "--code", "richness.explanation", "--score", "mid", "--rater", "ana")
        #expect(typo.status == 65)
        #expect(typo.stderr.contains("(did you mean richness.explanations?)"), "\(typo.stderr)")
        let score = try clipcoach("annotate", path, "--code", "richness.explanations", "--score", "hihg", "--rater", "ana")
        #expect(score.stderr.contains("(did you mean high?)"), "\(score.stderr)")
    }

    @Test func gradesAreSearchedAsGrades() throws {
        let folder = try Fixtures.temporaryFolder("clipcoach-grades")
        defer { try? FileManager.default.removeItem(at: folder) }
        let grades = ["a": "4", "b": "4th", "c": "Grade 4", "d": "grade 4", "e": "5", "f": "K", "g": "kindergarten"]
        let clips = grades.keys.sorted().enumerated().flatMap { index, label in ["--clip", "\(index * 2 + 1)-\(index * 2 + 2)=\(label)"] }
        let cut = try clipcoach(arguments: ["cut", Fixtures.sample("lesson.mp4"), "--out", folder.path, "--no-poster"] + clips)
        #expect(cut.status == 0, "\(cut.stderr)")
        for (label, grade) in grades {
            let tag = try clipcoach("tag", folder.appendingPathComponent("\(label).json").path, "--grade", grade, "--sharing", "library", "--consent-note", "district release on file")
            #expect(tag.status == 0, "\(tag.stderr)")
        }
        let catalog = folder.appendingPathComponent("library.sqlite").path
        #expect(try clipcoach("library", "ingest", folder.path, "--catalog", catalog).status == 0)
        func labels(_ grade: String) throws -> [String] {
            let search = try clipcoach("library", "search", "--catalog", catalog, "--grade", grade, "--json")
            #expect(search.status == 0, "\(search.stderr)")
            let hits = try #require(try jsonObject(search) as? [String: Any])["hits"] as? [[String: Any]]
            return (hits ?? []).compactMap { $0["label"] as? String }.sorted()
        }
        #expect(try labels("4") == ["a", "b", "c", "d"])
        #expect(try labels("Grade 4") == ["a", "b", "c", "d"])
        #expect(try labels("kindergarten") == ["f", "g"])
        #expect(try labels("5th") == ["e"])
    }

    /// Two raters who disagree are both shown (not "high x2"), in the table and in JSON;
    /// and `--text explain` finds a note that says "explanation" (stems).
    @Test func searchShowsDisagreementAndStemsText() throws {
        let folder = try Fixtures.temporaryFolder("clipcoach-disagree")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cut = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", "1-3=split", "--clip", "4-6=agreed",
                                "--out", folder.path, "--no-poster")
        #expect(cut.status == 0, "\(cut.stderr)")
        let split = folder.appendingPathComponent("split.json").path, agreed = folder.appendingPathComponent("agreed.json").path
        for (path, rater, score, note) in [(split, "ana", "high", "a clear explanation"), (split, "bo", "low", "rushed"),
                                           (agreed, "ana", "mid", "explaining"), (agreed, "bo", "mid", "ok")] {
            let annotate = try clipcoach("annotate", path, "--code", "richness.explanations", "--score", score,
                                         "--rater", rater, "--note", note)
            #expect(annotate.status == 0, "\(annotate.stderr)")
        }
        for path in [split, agreed] {
            #expect(try clipcoach("tag", path, "--sharing", "library", "--consent-note", "release on file").status == 0)
        }
        let catalog = folder.appendingPathComponent("library.sqlite").path
        #expect(try clipcoach("library", "ingest", folder.path, "--catalog", catalog).status == 0)

        let table = try clipcoach("library", "search", "--catalog", catalog, "--code", "richness.explanations")
        #expect(table.status == 0, "\(table.stderr)")
        let splitRow = try #require(table.stdout.split(separator: "\n").first { $0.contains(" split ") })
        #expect(splitRow.contains("high (ana), low (bo)"), "\(table.stdout)")
        let agreedRow = try #require(table.stdout.split(separator: "\n").first { $0.contains(" agreed ") })
        #expect(agreedRow.contains("mid (ana, bo)"), "\(table.stdout)")
        #expect(!table.stdout.contains(" x2"))

        let json = try clipcoach("library", "search", "--catalog", catalog, "--code", "richness.explanations", "--json")
        let object = try #require(try jsonObject(json) as? [String: Any])
        let hits = try #require(object["hits"] as? [[String: Any]])
        let splitHit = try #require(hits.first { $0["label"] as? String == "split" })
        #expect(splitHit["disagreement"] as? Bool == true)
        let scores = try #require(splitHit["scores"] as? [[String: Any]])
        #expect(scores.map { $0["score"] as? String } == ["high", "low"])
        #expect(scores.map { $0["raters"] as? [String] } == [["ana"], ["bo"]])
        #expect(hits.first { $0["label"] as? String == "agreed" }?["disagreement"] as? Bool == false)

        let text = try clipcoach("library", "search", "--catalog", catalog, "--text", "explain", "--json")
        let textObject = try #require(try jsonObject(text) as? [String: Any])
        let found = try #require(textObject["hits"] as? [[String: Any]])
        #expect(found.compactMap { $0["label"] as? String }.sorted() == ["agreed", "split"], "explanation and explaining")
    }

    @Test func cycleNotePartsAreSavedOneAtATime() throws {
        let folder = try Fixtures.temporaryFolder("clipcoach-note-parts")
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = folder.appendingPathComponent("library.sqlite").path
        let c = ["--catalog", catalog]
        let ids = try CycleCLITests.buildLibrary(in: folder, catalog: catalog)
        let lesson = try CycleCLITests.scoredLesson(in: folder)
        func ok(_ arguments: [String]) throws -> RunResult { try CycleCLITests.ok(arguments + c) }
        _ = try ok(["cycle", "new", "--teacher", "Ms R", "--lesson", lesson, "--focus", "richness.explanations", "--grade", "4th"])
        // Cycle rules compare grades as grades: the teacher's "4th" is the library clips' "4".
        let suggested = try #require(try jsonObject(try ok(["cycle", "suggest", "1", "--json"])) as? [String: Any])
        let offered = (suggested["libraryClips"] as? [[String: Any]] ?? []).compactMap { $0["clipID"] as? String }
        #expect(offered.first == ids["vfr-a"].map(String.init), "\(offered)")
        _ = try ok(["cycle", "pick", "1", "--teacher-clip", "1:00-2:30", "--teacher-clip", "0:00-1:00",
                    "--library-clip", "\(ids["vfr-a"] ?? 0)"])
        let first = try ok(["cycle", "note", "1", "--clip", "1", "--describe", "Maya explains with the number line."])
        #expect(first.stdout.contains("describe: Maya explains with the number line."), "\(first.stdout)")
        #expect(first.stdout.contains("elevate: (not yet written)"))
        #expect(!first.stdout.contains("teacher"), "the note, not the whole cycle: \(first.stdout)")
        let second = try ok(["cycle", "note", "1", "--clip", "1", "--elevate", "Ask a second student to restate.", "--json"])
        let note = try #require(try jsonObject(second) as? [String: Any])
        #expect(note["describe"] as? String == "Maya explains with the number line.")
        #expect(note["elevate"] as? String == "Ask a second student to restate.")
        #expect(note["nextSteps"] as? String == "")
        let none = try clipcoach(arguments: ["cycle", "note", "1", "--clip", "1"] + c)
        #expect(none.status == 64, "\(none.stderr)")
    }

    @Test func cutCopiesTheLessonContextToItsClips() throws {
        let folder = try Fixtures.temporaryFolder("clipcoach-cut-context")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lesson = folder.appendingPathComponent("lesson.mp4")
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson.mp4"), toPath: lesson.path)
        #expect(try clipcoach("segment", lesson.path).status == 0)
        let tag = try clipcoach("tag", folder.appendingPathComponent("lesson.json").path, "--teacher", "Ms. Rivera",
                                "--grade", "4", "--topic", "fractions")
        #expect(tag.status == 0, "\(tag.stderr)")
        let clips = folder.appendingPathComponent("clips")
        let cut = try clipcoach("cut", lesson.path, "--clip", "1-3=launch", "--out", clips.path, "--no-poster")
        #expect(cut.status == 0, "\(cut.stderr)")
        let data = try Data(contentsOf: clips.appendingPathComponent("launch.json"))
        let sidecar = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let context = try #require(sidecar["context"] as? [String: Any], "\(sidecar.keys)")
        #expect(context["teacher"] as? String == "Ms. Rivera")
        #expect(context["grade"] as? String == "4")
        #expect(context["topic"] as? String == "fractions")
    }
    @Test func evidenceOnTheLessonTimelineIsConvertedWithTheClipStart() throws {
        let folder = try Fixtures.temporaryFolder("clipcoach-at-lesson")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cut = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", "10-20=talk", "--out", folder.path, "--no-poster")
        #expect(cut.status == 0, "\(cut.stderr)")
        let path = folder.appendingPathComponent("talk.json").path
        func clip() throws -> [String: Any] {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        let start = try #require((try clip()["clip"] as? [String: Any])?["actualStart"] as? Double)
        let args = ["--code", "richness.explanations", "--score", "mid", "--rater", "ana"]
        let added = try clipcoach(arguments: ["annotate", path] + args + ["--at-lesson", "0:15=explains", "--json"])
        #expect(added.status == 0, "\(added.stderr)")
        let saved = try #require(try jsonObject(added) as? [String: Any])
        let evidence = try #require((saved["annotation"] as? [String: Any])?["evidence"] as? [[String: Any]])
        let time = try #require(evidence.first?["time"] as? Double)
        #expect(abs(time - (15 - start)) < 0.001, "lesson 0:15 with the clip starting at \(start): \(time)")
        #expect(evidence.first?["comment"] as? String == "explains")

        let outside = try clipcoach(arguments: ["annotate", path] + args + ["--at-lesson", "40"])
        #expect(outside.status != 0)
        #expect(outside.stderr.contains("is outside the clip, which is") && outside.stderr.contains("of the lesson"), "\(outside.stderr)")
        #expect(((try clip()["annotations"] as? [Any]) ?? []).count == 1, "a refused time changes nothing")
    }
}
