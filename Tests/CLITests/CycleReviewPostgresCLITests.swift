import Foundation
import Testing
import TestSupport

/// `clipcoach cycle …` and `clipcoach review …` with `--catalog postgresql://…`: the same
/// commands give the same cycle as on an SQLite file, and the review commands mirror into
/// and read from the PostgreSQL catalog. Needs CLIPCOACH_TEST_PG (Scripts/test.sh starts one).
@Suite("clipcoach cycle and review on PostgreSQL", .serialized)
struct CycleReviewPostgresCLITests {
    typealias C = CycleCLITests

    /// A cycle from new to export with `catalog` (arguments naming it); its `cycle show --json`.
    static func wholeCycle(in folder: URL, catalog: String, media: String?) throws -> [String: Any] {
        let ids = try C.buildLibrary(in: folder, catalog: catalog, media: media)
        let lesson = try C.scoredLesson(in: folder)
        let c = ["--catalog", catalog] + (media.map { ["--media", $0] } ?? [])
        let new = try C.ok(["cycle", "new", "--teacher", "Ms R", "--lesson", lesson, "--focus", "richness.explanations", "--grade", "4"] + c)
        #expect(new.stdout == "1\n")
        let suggestions = try C.object(try C.ok(["cycle", "suggest", "1", "--json"] + c))
        let library = try #require(suggestions["libraryClips"] as? [[String: Any]])
        #expect(library.map { $0["clipID"] as? String } == [ids["vfr-a"], ids["noaudio-a"]].map { $0.map(String.init) })
        try C.ok(["cycle", "pick", "1", "--teacher-clip", "1:00-2:30", "--teacher-clip", "0:00-1:00",
                  "--library-clip", "\(ids["vfr-a"] ?? 0)"] + c)
        for clip in ["1", "2", "3"] {
            try C.ok(["cycle", "note", "1", "--clip", clip, "--describe", "d\(clip)", "--elevate", "e\(clip)", "--next", "n\(clip)"] + c)
        }
        try C.ok(["cycle", "plan", "1", "--goal", "Ask why", "--next-focus", "wwsm.student-contributions"] + c)
        try C.ok(["cycle", "close", "1"] + c)
        let packet = folder.appendingPathComponent("packet")
        try C.ok(["cycle", "export", "1", "--out", packet.path] + c)
        #expect(FileManager.default.fileExists(atPath: packet.appendingPathComponent("index.html").path))
        let second = try C.ok(["cycle", "new", "--teacher", "ms r", "--lesson", lesson] + c)
        #expect(second.stdout == "2\n", "the next cycle starts from the first one's next focus: \(second.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: try C.ok(["cycle", "list", "--json"] + c).stdoutData) as? [Any])
        #expect(list.count == 2)
        return try C.object(try C.ok(["cycle", "show", "1", "--json"] + c))
    }

    /// Times and file locations differ between two runs; everything else must not.
    static func comparable(_ value: Any) -> Any {
        let varying: Set<String> = ["createdAt", "updatedAt", "closedAt", "setAt", "files", "clipFolder", "path"]
        if let object = value as? [String: Any] {
            return object.filter { !varying.contains($0.key) }.mapValues(comparable)
        }
        if let array = value as? [Any] { return array.map(comparable) }
        return value
    }

    @Test func aWholeCycleOnPostgreSQLIsTheSameAsOnSQLite() throws {
        if PostgresTestServer.skips("aWholeCycleOnPostgreSQLIsTheSameAsOnSQLite") { return }
        let folder = try Fixtures.temporaryFolder("cycle-pg-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let onFile = try Self.wholeCycle(in: folder.appendingPathComponent("file"),
                                         catalog: folder.appendingPathComponent("file/library.sqlite").path, media: nil)
        let url = try PostgresTestServer.makeDatabase("cyclecli")
        let media = folder.appendingPathComponent("server/shared.media").path
        let onServer = try Self.wholeCycle(in: folder.appendingPathComponent("server"), catalog: url, media: media)
        #expect(onServer["state"] as? String == "closed")
        let teacherClips = try #require(onServer["teacherClips"] as? [[String: Any]])
        let files = try #require(teacherClips.first?["files"] as? [String: String])
        #expect(files["media"]?.hasPrefix(media + "/cycles/cycle-1/") == true, "a PostgreSQL catalog's cycle clips go to its media folder")
        let same = NSDictionary(dictionary: Self.comparable(onFile) as? [String: Any] ?? [:])
            .isEqual(to: Self.comparable(onServer) as? [String: Any] ?? [:])
        #expect(same, "file: \(Self.comparable(onFile))\nserver: \(Self.comparable(onServer))")
        let listed = try C.ok(["cycle", "list", "--catalog", url, "--media", media]).stdout
        #expect(!listed.contains(":clipcoach@"), "no password printed")
    }

    @Test func reviewCommandsMirrorIntoPostgreSQL() throws {
        if PostgresTestServer.skips("reviewCommandsMirrorIntoPostgreSQL") { return }
        let folder = try Fixtures.temporaryFolder("review-pg-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try PostgresTestServer.makeDatabase("reviewcli")
        let media = folder.appendingPathComponent("shared.media").path
        try C.ok(["cut", Fixtures.sample("lesson.mp4"), "--clip", "10-40=a", "--clip", "50-80=b", "--out", folder.path])
        let a = folder.appendingPathComponent("a.json").path, b = folder.appendingPathComponent("b.json").path
        try C.ok(["annotate", a, "--code", "richness.explanations", "--score", "mid", "--rater", "ana"])
        try C.ok(["annotate", a, "--code", "richness.explanations", "--score", "low", "--rater", "bo"])
        try C.ok(["annotate", b, "--code", "richness.explanations", "--score", "high", "--rater", "ana"])
        try C.ok(["annotate", b, "--code", "richness.explanations", "--score", "high", "--rater", "bo"])
        let c = ["--catalog", url, "--media", media]
        try C.ok(["library", "ingest", folder.path, "--worker"] + c)

        try C.ok(["review", "submit", a, "--reviewer", "ana", "--catalog", url])
        let psql = { (sql: String) throws -> String in try PostgresTestServer.psql(url, sql) }
        #expect(try psql("SELECT state || ' by ' || submitted_by FROM review_set") == "submitted by ana", "submit mirrored at once")
        let queue = try #require(try JSONSerialization.jsonObject(with: try C.ok(["review", "queue", "--json"] + c).stdoutData) as? [[String: Any]])
        #expect(queue.map { $0["state"] as? String } == ["submitted"])
        #expect(queue.first?["sidecar"] as? String == URL(fileURLWithPath: a).standardizedFileURL.path)

        try C.ok(["review", "request-changes", a, "--reviewer", "bo", "--comment", "which moment?", "--catalog", url])
        let back = try C.ok(["review", "queue"] + c).stdout
        #expect(back.contains("changesRequested") && back.contains("which moment?"), "\(back)")
        try C.ok(["review", "submit", a, "--reviewer", "ana", "--catalog", url])
        try C.ok(["review", "accept", a, "--reviewer", "bo", "--catalog", url])
        #expect(try C.ok(["review", "queue"] + c).stdout == "Nothing waits for review.\n")
        // The four review steps on clip a (annotate writes its own trail events too).
        #expect(try psql("SELECT count(*) FROM review_event WHERE action <> 'annotate'") == "4")

        let agreement = try C.object(try C.ok(["review", "agreement", "--json"] + c))
        let codes = try #require(agreement["codes"] as? [[String: Any]])
        let figures = try #require(codes.first?["figures"] as? [String: Any])
        #expect(figures["items"] as? Int == 2)
        #expect(figures["exact"] as? Double == 0.5)
    }
}
