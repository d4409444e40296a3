import Foundation
import Testing
import TestSupport

/// A whole coaching cycle through the CLI on SampleMedia/lesson.mp4, with a small library
/// cut, annotated, tagged and ingested in the test; then a second cycle that starts from
/// the first one's next focus; the exported packet opened in headless Chromium.
@Suite("clipcoach cycle", .serialized)
struct CycleCLITests {
    /// Runs clipcoach and requires success.
    @discardableResult
    static func ok(_ arguments: [String], _ comment: String = "") throws -> RunResult {
        let result = try clipcoach(arguments: arguments, timeout: 300)
        #expect(result.status == 0, "clipcoach \(arguments.joined(separator: " ")) \(comment): \(result.stderr)")
        return result
    }

    /// Runs clipcoach and requires it to fail with `status` and exactly one stderr line `message`.
    static func fails(_ arguments: [String], status: Int32, message: String) throws {
        let result = try clipcoach(arguments: arguments, timeout: 120)
        #expect(result.status == status, "clipcoach \(arguments.joined(separator: " ")): \(result.stderr)")
        #expect(result.stderr == "clipcoach: \(message)\n")
    }

    static func object(_ result: RunResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "stdout: \(result.stdout)")
    }

    /// Cuts, annotates, tags and ingests a three-clip library; returns catalog clip ids by label.
    /// `media`: a PostgreSQL catalog's media folder.
    static func buildLibrary(in folder: URL, catalog: String, media: String? = nil) throws -> [String: Int] {
        let mediaArguments = media.map { ["--media", $0] } ?? []
        let library = folder.appendingPathComponent("library")
        try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
        try ok(["cut", Fixtures.sample("lesson-vfr.mp4"), "--clip", "0-10=vfr-a", "--clip", "12-24=vfr-b", "--out", library.path])
        try ok(["cut", Fixtures.sample("lesson-noaudio.mp4"), "--clip", "2-12=noaudio-a", "--out", library.path])
        let scores: [(String, String, String)] = [
            ("vfr-a", "richness.explanations", "high"), ("vfr-a", "wwsm.student-contributions", "mid"),
            ("vfr-b", "richness.explanations", "high"),
            ("noaudio-a", "richness.explanations", "mid"), ("noaudio-a", "wwsm.student-contributions", "high"),
        ]
        for (clip, code, score) in scores {
            try ok(["annotate", library.appendingPathComponent("\(clip).json").path, "--code", code, "--score", score,
                    "--rater", "Ana", "--at", "2"])
        }
        for (clip, grade) in [("vfr-a", "4"), ("vfr-b", "7"), ("noaudio-a", "5")] {
            // Cleared to show other teachers: only such clips are offered as library clips.
            try ok(["tag", library.appendingPathComponent("\(clip).json").path, "--grade", grade, "--teacher", "Mr T",
                    "--topic", "fractions", "--sharing", "library", "--consent-note", "test consent"])
        }
        try ok(["library", "ingest", library.path, "--catalog", catalog] + mediaArguments)
        let search = try ok(["library", "search", "--catalog", catalog, "--json", "--limit", "50"] + mediaArguments)
        let hits = try #require(try object(search)["hits"] as? [[String: Any]])
        var ids: [String: Int] = [:]
        for hit in hits {
            if let label = hit["label"] as? String, let id = hit["clipId"] as? Int { ids[label] = id }
        }
        #expect(ids.keys.sorted() == ["noaudio-a", "vfr-a", "vfr-b"])
        return ids
    }

    /// The lesson, copied so its lesson sidecar can sit beside it, scored in 60 s segments.
    static func scoredLesson(in folder: URL) throws -> String {
        let lessonFolder = folder.appendingPathComponent("lesson")
        try FileManager.default.createDirectory(at: lessonFolder, withIntermediateDirectories: true)
        let lesson = lessonFolder.appendingPathComponent("lesson.mp4").path
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson.mp4"), toPath: lesson)
        try ok(["segment", lesson, "--length", "60s"])
        let sidecar = lessonFolder.appendingPathComponent("lesson.json").path
        try ok(["annotate", sidecar, "--code", "richness.explanations", "--score", "low", "--rater", "Ana", "--segment", "1", "--at", "30"])
        try ok(["annotate", sidecar, "--code", "richness.explanations", "--score", "high", "--rater", "Ana", "--segment", "2",
                "--at", "1:35", "--note", "student explains why"])
        return lesson
    }

    @Test func aWholeCycleThenTheNextOneFromItsFocus() throws {
        let folder = try Fixtures.temporaryFolder("cycle-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = folder.appendingPathComponent("library.sqlite").path
        let ids = try Self.buildLibrary(in: folder, catalog: catalog)
        let lesson = try Self.scoredLesson(in: folder)
        let c = ["--catalog", catalog]

        // 1. A new cycle prints its id.
        let new = try Self.ok(["cycle", "new", "--teacher", "Ms R", "--lesson", lesson, "--focus", "richness.explanations",
                               "--grade", "4"] + c)
        #expect(new.stdout == "1\n")

        // 2. Suggestions with known answers.
        let suggestions = try Self.object(try Self.ok(["cycle", "suggest", "1", "--json"] + c))
        let teacher = try #require(suggestions["teacherClips"] as? [[String: Any]])
        #expect(teacher.map { $0["purpose"] as? String } == ["strength", "growth"])
        let windows = teacher.compactMap { $0["window"] as? [String: Double] }
        #expect(windows == [["start": 60, "end": 150], ["start": 0, "end": 60]])
        let library = try #require(suggestions["libraryClips"] as? [[String: Any]])
        #expect(library.map { $0["clipID"] as? String } == [ids["vfr-a"], ids["noaudio-a"]].map { $0.map(String.init) })
        let rejected = try #require(suggestions["notSuggested"] as? [[String: String]])
        #expect(rejected == [["clipID": String(ids["vfr-b"] ?? 0), "reason": "grade 7 is more than one grade from the teacher's 4"]])
        let text = try Self.ok(["cycle", "suggest", "1"] + c).stdout
        #expect(text.contains("strength: 01:00.000-02:30.000"))
        #expect(text.contains("richness.explanations: high (its best point) by Ana (rater), segment 2 of lesson.json; evidence at 01:35.000; note \u{201C}student explains why\u{201D}"))

        // 3. Rules through the CLI: each refused with its message and exit code, nothing changed.
        try Self.fails(["cycle", "pick", "1", "--teacher-clip", "0-60", "--library-clip", "\(ids["vfr-a"] ?? 0)"] + c,
                       status: 64, message: "a cycle needs exactly two teacher clips, got 1")
        try Self.fails(["cycle", "pick", "1", "--teacher-clip", "0-60", "--teacher-clip", "50-120", "--library-clip", "\(ids["vfr-a"] ?? 0)"] + c,
                       status: 64, message: "the teacher clips overlap (00:00.000-01:00.000 and 00:50.000-02:00.000); pick two different moments")
        try Self.fails(["cycle", "pick", "1", "--teacher-clip", "0-60", "--teacher-clip", "60-150", "--library-clip", "999"] + c,
                       status: 65, message: "library clip '999' is not in the catalog (see `clipcoach library search`)")
        try Self.fails(["cycle", "note", "1", "--clip", "1", "--describe", "d", "--elevate", "e", "--next", "n"] + c,
                       status: 65, message: "cannot write notes: the cycle is planned; next: pick two teacher clips and one library clip")
        try Self.fails(["cycle", "show", "9"] + c, status: 66, message: "\(catalog): no coaching cycle 9 (see `clipcoach cycle list`)")

        // 4. Pick the suggested clips: the teacher clips are cut.
        let picked = try Self.object(try Self.ok(["cycle", "pick", "1", "--teacher-clip", "01:00.000-02:30.000=explains why",
                                                  "--teacher-clip", "0:00-1:00", "--library-clip", "\(ids["vfr-a"] ?? 0)", "--json"] + c))
        #expect(picked["state"] as? String == "clips-chosen")
        let clips = try #require(picked["teacherClips"] as? [[String: Any]])
        #expect(clips.first?["label"] as? String == "explains why")
        for clip in clips {
            let media = try #require((clip["files"] as? [String: String])?["media"])
            #expect(FileManager.default.fileExists(atPath: media))
        }

        // 5. The conversation, the plan and closing, in order.
        try Self.fails(["cycle", "plan", "1", "--goal", "Ask why", "--next-focus", "wwsm.student-contributions"] + c,
                       status: 65, message: "cannot set the action plan before the conversation: no notes yet for clips 1, 2, 3")
        try Self.fails(["cycle", "note", "1", "--clip", "4", "--describe", "d", "--elevate", "e", "--next", "n"] + c,
                       status: 64, message: "there is no clip 4: notes are for clips 1 and 2 (teacher) and 3 (library)")
        let notes = [
            ("1", "Maya explains why 3/4 > 2/3 using the number line.", "Ask a second student to restate Maya's reasoning.",
             "Plan a restating prompt for each task."),
            ("2", "The launch: the task is read aloud; students start in pairs.", "Ask one student to explain the task in their words first.",
             "Script two launch questions."),
            ("3", "Students compare strategies; the teacher asks 'why does that work?'", "Same move, with wait time.",
             "Try the 'why does that work' question twice."),
        ]
        for (clip, describe, elevate, next) in notes {
            try Self.ok(["cycle", "note", "1", "--clip", clip, "--describe", describe, "--elevate", elevate, "--next", next] + c)
        }
        try Self.fails(["cycle", "close", "1"] + c, status: 65,
                       message: "cannot close the cycle without an action plan (the cycle is conversation held; next: set the action plan (goals and next-focus codes))")
        try Self.fails(["cycle", "plan", "1", "--goal", "Ask why", "--next-focus", "lesson.dense"] + c, status: 64,
                       message: "next-focus code 'lesson.dense' is scored for the whole lesson; a cycle focuses on segment-level codes that short clips can show")
        try Self.ok(["cycle", "plan", "1", "--goal", "Ask \"why does that work?\" in every task", "--goal", "Restate one student idea per lesson",
                     "--next-focus", "wwsm.student-contributions"] + c)
        try Self.ok(["cycle", "close", "1"] + c)
        let shown = try Self.object(try Self.ok(["cycle", "show", "1", "--json"] + c))
        #expect(shown["state"] as? String == "closed")
        try Self.fails(["cycle", "note", "1", "--clip", "1", "--describe", "d", "--elevate", "e", "--next", "n"] + c,
                       status: 65, message: "cycle 1 is closed and cannot change")

        // 6. The packet, opened in a browser.
        let packet = folder.appendingPathComponent("packet")
        let exported = try Self.ok(["cycle", "export", "1", "--out", packet.path] + c)
        #expect(exported.stdout == packet.appendingPathComponent("index.html").path + "\n")
        try Self.fails(["cycle", "export", "1", "--out", packet.path] + c, status: 73,
                       message: "\(packet.path): already exists (use --force to overwrite)")
        try CyclePacketBrowserCheck.check(packet)

        // 7. The next cycle starts from the first one's next-focus codes.
        let second = try Self.ok(["cycle", "new", "--teacher", "ms r", "--lesson", lesson] + c)
        #expect(second.stdout == "2\n")
        #expect(second.stderr == "clipcoach: cycle 2 starts from cycle 1's next focus: wwsm.student-contributions\n")
        let next = try Self.object(try Self.ok(["cycle", "show", "2", "--json"] + c))
        #expect(next["focusCodes"] as? [String] == ["wwsm.student-contributions"])
        #expect(next["previousCycleID"] as? Int == 1)
        #expect(next["grade"] as? String == "4")
        let nextSuggestions = try Self.object(try Self.ok(["cycle", "suggest", "2", "--json"] + c))
        let nextLibrary = try #require(nextSuggestions["libraryClips"] as? [[String: Any]])
        #expect(nextLibrary.map { $0["clipID"] as? String } == [ids["noaudio-a"].map(String.init)])
        let nextRejected = try #require(nextSuggestions["notSuggested"] as? [[String: String]])
        #expect(nextRejected == [["clipID": String(ids["vfr-a"] ?? 0), "reason": "already used with ms r in cycle 1"]])

        let listed = try Self.ok(["cycle", "list", "--teacher", "MS R", "--json"] + c)
        let cycles = try #require(try JSONSerialization.jsonObject(with: listed.stdoutData) as? [[String: Any]])
        #expect(cycles.map { $0["id"] as? Int } == [1, 2])
        let table = try Self.ok(["cycle", "list"] + c).stdout
        #expect(table.hasPrefix("ID  TEACHER  GRADE  STATE"))
    }

    @Test func newRefusesBadFocusAndNoFocusToStartFrom() throws {
        let folder = try Fixtures.temporaryFolder("cycle-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let c = ["--catalog", folder.appendingPathComponent("library.sqlite").path]
        let lesson = Fixtures.sample("lesson.mp4")
        try Self.fails(["cycle", "new", "--teacher", "Ms R", "--lesson", lesson] + c, status: 64,
                       message: "name the focus codes: no earlier cycle of Ms R has next-focus codes to start from (give --focus CODE)")
        try Self.fails(["cycle", "new", "--teacher", "Ms R", "--lesson", lesson, "--focus", "richness.nope"] + c, status: 64,
                       message: "focus code 'richness.nope' is not a code of mqi-4point-2014 (see `clipcoach codebook`)")
        try Self.fails(["cycle", "new", "--teacher", "Ms R", "--lesson", lesson, "--focus", "a", "--focus", "b", "--focus", "c"] + c,
                       status: 64, message: "a cycle has one or two focus codes, not 3")
        try Self.fails(["cycle", "new", "--teacher", "Ms R", "--lesson", lesson, "--focus", "richness.explanations",
                        "--min-length", "2m", "--max-length", "1m"] + c, status: 64,
                       message: "clip length bounds 02:00.000 to 01:00.000 are not a range (need 0 < minimum < maximum)")
        let missing = folder.appendingPathComponent("nope.mp4").path
        let result = try clipcoach(arguments: ["cycle", "new", "--teacher", "Ms R", "--lesson", missing, "--focus", "richness.explanations"] + c)
        #expect(result.status == 66, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("clipcoach: \(missing): "))
        // Refused commands leave nothing: not even the empty catalog a first `cycle new` makes.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }
}
