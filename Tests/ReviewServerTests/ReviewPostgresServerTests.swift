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
