import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// `clipcoach review serve --catalog postgresql://…`: the review fixture's catalog copied to a
/// PostgreSQL database (`library sync`), served by a real server process, which lists the
/// clips, saves an annotation and a submission into the sidecar (the record) and mirrors the
/// review into PostgreSQL, where `review queue` finds it. Needs CLIPCOACH_TEST_PG.
@Suite("review serve on PostgreSQL")
struct ReviewPostgresServerTests {
    @Test func listsAndSavesOnAPostgreSQLCatalog() throws {
        if PostgresTestServer.skips("listsAndSavesOnAPostgreSQLCatalog") { return }
        let fixture = try ReviewFixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        let url = try PostgresTestServer.makeDatabase("serve")
        let media = fixture.folder.appendingPathComponent("shared.media").path
        let sync = try clipcoach("library", "sync", "--from", fixture.catalog, "--to", url, "--to-media", media)
        #expect(sync.status == 0, "\(sync.stderr)")

        let server = try ServerProcess(catalog: url, extraArguments: ["--media", media])
        defer { server.stop() }
        let http = try RawHTTP(url: server.url)
        let list = try http.request("GET", "/api/clips")
        #expect(list.status == 200, "\(list.text)")
        let clips = try #require(try JSONSerialization.jsonObject(with: Data(list.text.utf8)) as? [[String: Any]])
        #expect(Set(clips.compactMap { $0["label"] as? String }) == ["a", "b"])

        let a = try fixture.id("a")
        let before = try fixture.revision("a")
        let added = try http.json("POST", "/api/clips/\(a)/annotations",
                                  ["revision": before, "code": "richness.language", "score": "high", "rater": "cy"])
        #expect(added.status == 201, "\(added.text)")
        #expect(try fixture.revision("a") == before + 1, "the sidecar is the record")
        let submitted = try http.json("POST", "/api/clips/\(a)/review",
                                      ["revision": before + 1, "action": "submit", "by": "cy"])
        #expect(submitted.status == 200, "\(submitted.text)")

        // The server mirrored the review into PostgreSQL in the same request.
        let stored = try PostgresTestServer.psql(url, "SELECT state || ' ' || sidecar_revision FROM review_set WHERE clip_id = \(a)")
        #expect(stored == "submitted \(before + 2)")
        let queue = try clipcoach("review", "queue", "--catalog", url, "--media", media, "--json")
        #expect(queue.status == 0, "\(queue.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: queue.stdoutData) as? [[String: Any]])
        #expect(entries.map { $0["label"] as? String } == ["a"])
        #expect(entries.first?["state"] as? String == "submitted" && entries.first?["submittedBy"] as? String == "cy")
    }
}

/// `clipcoach studio --catalog postgresql://…`: the coach's workspace on a shared catalog. The
/// lesson in `--lessons` is listed, a clip cut from it through the API lands on disk and in
/// PostgreSQL (listed at once), and a cycle started on the board is stored on the server,
/// where a stale note is refused. Needs CLIPCOACH_TEST_PG.
@Suite("studio on PostgreSQL")
struct StudioPostgresServerTests {
    static func object(_ answer: RawHTTP.Answer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any], "\(answer.status) \(answer.text)")
    }

    @Test func cutsAndCyclesOnAPostgreSQLCatalog() throws {
        if PostgresTestServer.skips("cutsAndCyclesOnAPostgreSQLCatalog") { return }
        let folder = try Fixtures.temporaryFolder("studio-pg")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lessons = folder.appendingPathComponent("lessons")
        try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson.mp4"), toPath: lessons.appendingPathComponent("lesson.mp4").path)
        let url = try PostgresTestServer.makeDatabase("studio")
        let media = folder.appendingPathComponent("shared.media").path

        let studio = try ServerProcess(catalog: url, extraArguments: ["--media", media, "--lessons", lessons.path], command: ["studio"])
        defer { studio.stop() }
        let http = try RawHTTP(url: studio.url)
        let listed = try http.request("GET", "/api/lessons")
        #expect(listed.status == 200, "\(listed.text)")
        let lessonList = try #require(try JSONSerialization.jsonObject(with: listed.body) as? [[String: Any]], "\(listed.text)")
        let lesson = try #require(lessonList.first?["id"] as? Int, "\(listed.text)")
        #expect(lessonList.count == 1)

        // A cut through the API: a job that ends with the clip catalogued in PostgreSQL.
        let started = try http.json("POST", "/api/lessons/\(lesson)/cuts", ["start": 10, "end": 40, "label": "pg moment"])
        #expect(started.status == 202, "\(started.text)")
        var job = try Self.object(started)
        let jobID = try #require(job["id"] as? String ?? (job["id"] as? Int).map(String.init), "\(job)")
        let deadline = Date().addingTimeInterval(90)
        while job["state"] as? String == "running" && Date() < deadline {
            usleep(100_000)
            job = try Self.object(try http.request("GET", "/api/jobs/\(jobID)"))
        }
        #expect(job["state"] as? String == "done", "\(job)")
        let clipID = try #require(job["clipID"] as? Int, "\(job)")
        #expect(try PostgresTestServer.psql(url, "SELECT label FROM clip WHERE id = \(clipID)") == "pg moment")
        let clips = try http.request("GET", "/api/clips")
        #expect(clips.text.contains("\"label\":\"pg moment\""), "listed at once: \(clips.text)")
        let detail = try Self.object(try http.request("GET", "/api/lessons/\(lesson)"))
        #expect((detail["clips"] as? [[String: Any]])?.contains { $0["id"] as? Int == clipID } == true, "\(detail["clips"] ?? "-")")
        let onDisk = try FileManager.default.subpathsOfDirectory(atPath: lessons.path)
        #expect(onDisk.contains { $0.hasSuffix("pg-moment.mp4") || $0.hasSuffix("pg moment.mp4") } && onDisk.contains { $0.hasSuffix(".json") },
                "clip and sidecar on disk: \(onDisk)")

        // A cycle on the board, stored on the server; a note naming an old revision is refused.
        let cycle = try http.json("POST", "/api/lessons/\(lesson)/cycles",
                                  ["teacher": "Ms Pg", "focusCodes": ["richness.explanations"], "grade": "4"])
        #expect(cycle.status == 201, "\(cycle.text)")
        let cycleID = try #require(try Self.object(cycle)["id"] as? Int)
        #expect(try PostgresTestServer.psql(url, "SELECT count(*) FROM coaching_cycle WHERE id = \(cycleID)") == "1")
        let revision = try #require(try Self.object(try http.request("GET", "/api/cycles/\(cycleID)"))["revision"] as? Int)
        let stale = try http.json("PUT", "/api/cycles/\(cycleID)/plan",
                                  ["revision": revision - 1, "goals": ["an older tab's words"], "nextFocusCodes": []])
        #expect(stale.status == 409, "\(stale.status) \(stale.text)")
        let shown = try clipcoach("cycle", "show", String(cycleID), "--json", "--catalog", url, "--media", media)
        #expect(shown.status == 0 && shown.stdout.contains("Ms Pg") && !shown.stdout.contains("older tab"), "\(shown.stderr)")
    }
}
