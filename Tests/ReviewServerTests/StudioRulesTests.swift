import Foundation
import Testing
import TestSupport

/// The studio keeps no rules of its own: a marked clip and a new cycle are checked by the
/// services the CLI uses, so what `cut --clip` and `cycle new` refuse, the studio refuses too
/// (422, nothing written), in the one error shape and without a path of the server.
@Suite("studio rules are the services' rules")
struct StudioRulesTests {
    @Test func refusedMarksAndNamesLeaveNothingBehind() throws {
        let folder = try Fixtures.temporaryFolder("studio-rules")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lessons = folder.appendingPathComponent("lessons")
        try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson.mp4"), toPath: lessons.appendingPathComponent("lesson.mp4").path)
        let catalog = folder.appendingPathComponent("library.sqlite").path
        let studio = try ServerProcess(catalog: catalog, extraArguments: ["--lessons", lessons.path], command: ["studio"])
        defer { studio.stop() }
        let http = try RawHTTP(url: studio.url)
        let listed = try http.request("GET", "/api/lessons")
        let lessonList = try #require(try JSONSerialization.jsonObject(with: listed.body) as? [[String: Any]], "\(listed.text)")
        let lesson = try #require(lessonList.first?["id"] as? Int, "\(listed.text)")
        let before = try FileManager.default.subpathsOfDirectory(atPath: lessons.path).sorted()

        let refusedCuts: [[String: Any]] = [
            ["start": 10, "end": 40, "label": "warm\u{1B}]0;owned\u{07}up"],
            ["start": 10, "end": 40, "label": "line\nFAKE"],
            ["start": 10, "end": 40, "label": String(repeating: "x", count: 101)],
            ["start": 40, "end": 10],
            ["start": 9999, "end": 10000],
        ]
        for body in refusedCuts {
            let answer = try http.json("POST", "/api/lessons/\(lesson)/cuts", body)
            #expect(answer.status == 422, "\(body): \(answer.status) \(answer.text)")
            #expect(answer.text.contains("\"category\":\"usage\"") || answer.text.contains("\"category\":\"data\""), "\(answer.text)")
            #expect(!answer.text.contains(folder.path) && !answer.text.contains("\u{1B}"), "\(answer.text)")
        }
        for teacher in ["Ms\u{1B}[8mR", "Ms\u{202E}R", String(repeating: "T", count: 101), "  "] {
            let answer = try http.json("POST", "/api/lessons/\(lesson)/cycles", ["teacher": teacher, "focusCodes": ["richness.explanations"]])
            #expect(answer.status == 422, "\(teacher.debugDescription): \(answer.status) \(answer.text)")
            #expect(answer.text.contains("teacher"), "\(answer.text)")
        }
        let grade = try http.json("POST", "/api/lessons/\(lesson)/cycles",
                                  ["teacher": "Ms R", "focusCodes": ["richness.explanations"], "grade": "4\u{1B}[2J"])
        #expect(grade.status == 422 && grade.text.contains("grade"), "\(grade.status) \(grade.text)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: lessons.path).sorted() == before, "nothing cut")
        let cycles = try http.request("GET", "/api/lessons/\(lesson)/cycles")
        #expect(cycles.status == 200 && cycles.text == "[]", "no cycle started: \(cycles.text)")

        // The same window and label a second time: the first clip is never replaced.
        let first = try http.json("POST", "/api/lessons/\(lesson)/cuts", ["start": 10, "end": 40, "label": "Warm up"])
        #expect(first.status == 202, "\(first.text)")
        let deadline = Date().addingTimeInterval(60)
        var text = first.text
        while text.contains("\"running\"") && Date() < deadline {
            usleep(100_000)
            let id = try #require(try JSONSerialization.jsonObject(with: first.body) as? [String: Any])["id"] as? String
            text = try http.request("GET", "/api/jobs/\(id ?? "")").text
        }
        #expect(text.contains("\"done\""), "\(text)")
        let again = try http.json("POST", "/api/lessons/\(lesson)/cuts", ["start": 20, "end": 50, "label": "warm-up"])
        #expect(again.status == 409 && again.text.contains("already cut"), "\(again.status) \(again.text)")
    }
}
