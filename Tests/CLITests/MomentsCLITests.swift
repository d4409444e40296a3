import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// The talk map on lessons with known truth, made at test time by Scripts/make-talk-lesson.py
/// (espeak-ng voices, pauses of known length, pink room noise, mains hum and knocks with sox).
@Suite struct MomentsCLITests {
    struct Truth: Decodable {
        let duration: Double
        let speech: [[JSONScalar]]
        let pauses: [[Double]]
    }

    enum JSONScalar: Decodable {
        case number(Double), text(String)
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Double.self) { self = .number(value) } else { self = .text(try container.decode(String.self)) }
        }
        var number: Double { if case .number(let v) = self { v } else { 0 } }
        var text: String { if case .text(let v) = self { v } else { "" } }
    }

    struct Report: Decodable {
        struct Stretch: Decodable { let start: Double; let end: Double; let speaker: String }
        struct Pause: Decodable { let start: Double; let end: Double }
        struct Share: Decodable { let segment: Int?; let studentShare: Double }
        struct Moment: Decodable { let code: String; let rank: Int; let start: Double; let end: Double; let reasons: [String] }
        let talk: [Stretch]
        let pauses: [Pause]
        let shares: [Share]
        let moments: [Moment]
        let attribution: String
    }

    static func makeLesson(snr: Double, seed: Int, hum: Double, minutes: Double = 1.5, extra: [String] = []) throws -> URL {
        let folder = try Fixtures.temporaryFolder("moments")
        let script = Fixtures.root.appendingPathComponent("Scripts/make-talk-lesson.py").path
        let result = try run("python3", [script, folder.path, "--snr", "\(snr)", "--seed", "\(seed)", "--hum", "\(hum)",
                                         "--minutes", "\(minutes)"] + extra, timeout: 300)
        try #require(result.status == 0, "could not make the test lesson: \(result.stderr)")
        return folder
    }

    /// Frame-level scores at 10 ms: speech F1, recall of pauses of 3 s or more, teacher/student balanced accuracy.
    static func score(_ report: Report, _ truth: Truth) -> (f1: Double, pauseRecall: Double, balanced: Double) {
        let frames = Int(truth.duration * 100)
        var truthRole = [String?](repeating: nil, count: frames)
        for item in truth.speech {
            for f in Int(item[0].number * 100)..<min(frames, Int(item[1].number * 100)) { truthRole[f] = item[2].text }
        }
        var found = [String?](repeating: nil, count: frames)
        for stretch in report.talk {
            for f in max(0, Int(stretch.start * 100))..<min(frames, Int(stretch.end * 100)) { found[f] = stretch.speaker }
        }
        var tp = 0.0, fp = 0.0, fn = 0.0
        var correct = ["teacher": 0.0, "student": 0.0], total = ["teacher": 0.0, "student": 0.0]
        for f in 0..<frames {
            switch (truthRole[f], found[f]) {
            case (let t?, let d?):
                tp += 1
                total[t, default: 0] += 1
                if (t == "teacher") == (d == "teacher") { correct[t, default: 0] += 1 }
            case (nil, _?): fp += 1
            case (_?, nil): fn += 1
            case (nil, nil): break
            }
        }
        let f1 = 2 * tp / (2 * tp + fp + fn)
        let long = truth.pauses.filter { $0[1] - $0[0] >= 3 }
        let recalled = long.filter { pause in
            report.pauses.contains { min($0.end, pause[1]) - max($0.start, pause[0]) >= 0.5 * (pause[1] - pause[0]) }
        }
        let pauseRecall = long.isEmpty ? 1 : Double(recalled.count) / Double(long.count)
        let balanced = ((correct["teacher"] ?? 0) / max(1, total["teacher"] ?? 0) + (correct["student"] ?? 0) / max(1, total["student"] ?? 0)) / 2
        return (f1, pauseRecall, balanced)
    }

    static func talkMap(_ folder: URL, _ extra: [String] = []) throws -> (Report, Truth, RunResult) {
        let result = try clipcoach(arguments: ["moments", folder.appendingPathComponent("lesson.mp4").path, "--json"] + extra)
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        let truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: folder.appendingPathComponent("truth.json")))
        return (report, truth, result)
    }

    @Test(.timeLimit(.minutes(3)), arguments: [(10.0, 1, 60.0), (20.0, 2, 50.0)])
    func speechPausesAndSpeakersMatchTheTruth(snr: Double, seed: Int, hum: Double) throws {
        let folder = try Self.makeLesson(snr: snr, seed: seed, hum: hum)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (report, truth, result) = try Self.talkMap(folder, ["--no-store"])
        #expect(result.status == 0, "\(result.stderr)")
        let (f1, pauseRecall, balanced) = Self.score(report, truth)
        #expect(f1 >= 0.90, "speech frame F1 \(f1) at \(snr) dB SNR")
        #expect(pauseRecall >= 0.90, "recall of pauses of 3 s or more \(pauseRecall)")
        #expect(balanced >= 0.85, "teacher/student balanced accuracy \(balanced)")
        #expect(report.attribution == "audio")
        #expect(!report.moments.isEmpty)
        #expect(report.moments.allSatisfy { $0.end - $0.start >= 59.99 && $0.end - $0.start <= 120.01 })
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("lesson.json").path), "--no-store writes nothing")
    }

    @Test(.timeLimit(.minutes(3)))
    func aTranscriptSettlesSpeakersTagsMovesAndIsStoredInTheSidecar() throws {
        // Long enough for two 60 s windows that do not overlap (strength and growth).
        let folder = try Self.makeLesson(snr: 15, seed: 3, hum: 60, minutes: 2.5)
        defer { try? FileManager.default.removeItem(at: folder) }
        let vtt = folder.appendingPathComponent("lesson.vtt").path
        let (report, truth, result) = try Self.talkMap(folder, ["--transcript", vtt, "--length", "60"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(report.attribution == "transcript")
        let (f1, _, balanced) = Self.score(report, truth)
        #expect(f1 >= 0.90, "speech frame F1 \(f1)")
        #expect(balanced >= 0.95, "with the transcript's speakers: balanced accuracy \(balanced)")
        let sidecar = try SidecarStore.read(folder.appendingPathComponent("lesson.json"))
        #expect(sidecar.kind == .lesson)
        guard case .object(let stored)? = sidecar.unknownFields["moments"] else {
            Issue.record("no moments in the sidecar")
            return
        }
        #expect(stored["talk"] != nil && stored["pauses"] != nil && stored["shares"] != nil && stored["moments"] != nil)
        guard case .object(let transcript)? = stored["transcript"], case .array(let lines)? = transcript["lines"] else {
            Issue.record("no transcript stored with the lesson")
            return
        }
        #expect(lines.count == truth.speech.count)
        // The reasons give times as people read them.
        #expect(report.moments.first?.reasons.first?.contains(":") == true)

        // A cycle on this unscored lesson: strength and growth windows come from its moments.
        let catalog = folder.appendingPathComponent("library.sqlite").path
        let lesson = folder.appendingPathComponent("lesson.mp4").path
        let new = try clipcoach("cycle", "new", "--teacher", "Ms R", "--lesson", lesson, "--focus", "ccasp.student-explanations",
                                "--grade", "4", "--catalog", catalog)
        #expect(new.status == 0, "\(new.stderr)")
        let suggest = try clipcoach("cycle", "suggest", "1", "--json", "--catalog", catalog)
        #expect(suggest.status == 0, "\(suggest.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: suggest.stdoutData) as? [String: Any])
        let clips = try #require(object["teacherClips"] as? [[String: Any]])
        #expect(clips.map { $0["purpose"] as? String } == ["strength", "growth"])
        let reasons = clips.flatMap { ($0["reasons"] as? [String]) ?? [] }.joined(separator: " | ")
        #expect(reasons.contains("clipcoach moments"), "\(reasons)")
        #expect(reasons.contains("students talk"), "\(reasons)")
        #expect(!reasons.contains("place to start watching"), "\(reasons)")
    }

    @Test(.timeLimit(.minutes(2)))
    func noAudioExits69ButATranscriptAloneStillGivesMoments() throws {
        let folder = try Self.makeLesson(snr: 20, seed: 4, hum: 60, extra: ["--no-audio"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let lesson = folder.appendingPathComponent("lesson.mp4").path
        let refused = try clipcoach("moments", lesson, "--json")
        #expect(refused.status == 69, "\(refused.stderr)")
        #expect(refused.stderr.contains("no audio stream"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("lesson.json").path))

        let tsv = folder.appendingPathComponent("talk.tsv")
        try Data("speaker\tsentence\ttimestamp\nT\tWhy does that work?\t0:10\nS1\tBecause seven sixes is thirty five plus seven.\t0:14\nT\tWho agrees with her?\t0:30\n".utf8).write(to: tsv)
        let result = try clipcoach("moments", lesson, "--transcript", tsv.path, "--json", "--no-store")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("no audio stream"))
        let report = try JSONDecoder().decode(Report.self, from: result.stdoutData)
        #expect(report.talk.isEmpty)

        let late = folder.appendingPathComponent("late.tsv")
        try Data("speaker\tsentence\ttimestamp\nT\tHello.\t0:10\nS1\tHi.\t9:00\n".utf8).write(to: late)
        let refusedLate = try clipcoach("moments", lesson, "--transcript", late.path, "--no-store")
        #expect(refusedLate.status == 65)
        #expect(refusedLate.stderr.contains("line 3"), "\(refusedLate.stderr)")
    }

    @Test func transcriptTagGivesOneItemPerRowInOrder() throws {
        let folder = try Fixtures.temporaryFolder("transcript")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = Fixtures.root.appendingPathComponent("Tests/TalkMovesTests/Fixtures/sample-lesson.tsv")
        let result = try clipcoach("transcript", "tag", sample.path, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        struct Tagged: Decodable { struct Line: Decodable { let role: String; let move: String; let text: String }; let lines: [Line] }
        let tagged = try JSONDecoder().decode(Tagged.self, from: result.stdoutData)
        let rows = try String(contentsOf: sample, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(tagged.lines.count == rows.count)
        #expect(tagged.lines.map(\.text) == rows.map { String($0.split(separator: "\t")[1]) })

        let broken = folder.appendingPathComponent("broken.srt")
        try Data("1\n00:00:01,000 --> 00:00:02,000\nT: fine\n\n2\n00:00:03,000 00:00:04,000\nS: no arrow\n".utf8).write(to: broken)
        let refused = try clipcoach("transcript", "tag", broken.path)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("line 5"), "\(refused.stderr)")
    }
}
