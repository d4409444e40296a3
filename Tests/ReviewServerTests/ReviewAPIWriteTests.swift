import Catalog
import ClipCoachCore
import Foundation
import Hummingbird
import ReviewServer
import Testing
import TestSupport

@Suite(.serialized) struct ReviewAPIWriteTests {
    @Test func annotatingSavesToTheSidecarAndAStaleRevisionIs409() async throws {
        let fixture = try ReviewFixture.make()
        let a = try fixture.id("a")
        let seen = try fixture.revision("a")
        try await fixture.test { client in
            let created = try await client.execute(
                uri: "/api/clips/\(a)/annotations", method: .post, headers: HTTP.jsonHeaders,
                body: try HTTP.json(["revision": seen, "code": "wwsm.student-contributions", "score": "high", "rater": "cy",
                                     "note": "builds on Jo's idea", "evidence": [["time": 3.5, "comment": "Jo"], ["time": 12]]]))
            #expect(created.status == .created, "\(HTTP.message(created))")
            let answer = try HTTP.object(created)
            #expect(answer["revision"] as? Int == seen + 1)
            let id = try #require((answer["annotation"] as? [String: Any])?["id"] as? String)

            // On disk, through the store: the annotation, its evidence, and the audit trail.
            let sidecar = try SidecarStore.read(fixture.sidecar("a"))
            #expect(sidecar.revision == seen + 1)
            let saved = try #require(sidecar.annotations.first { $0.id == id })
            #expect(saved.score == "high" && saved.rater == "cy" && saved.evidence.map(\.time) == [3.5, 12])
            let trail = try #require(try sidecar.reviewRecord().set(segment: nil)?.events)
            #expect(trail.last?.action == .annotate && trail.last?.by == "cy")

            // The same revision again: someone saved in between, so 409 and nothing written.
            let before = try Data(contentsOf: fixture.sidecar("a"))
            let stale = try await client.execute(
                uri: "/api/clips/\(a)/annotations", method: .post, headers: HTTP.jsonHeaders,
                body: try HTTP.json(["revision": seen, "code": "richness.language", "score": "low", "rater": "dee"]))
            #expect(stale.status == .conflict)
            #expect(HTTP.message(stale).contains("revision \(seen) was edited but the file is at revision \(seen + 1)"))
            #expect(!HTTP.message(stale).contains(fixture.folder.path), "no server paths in messages")
            #expect(try Data(contentsOf: fixture.sidecar("a")) == before)

            // Change and remove, each on the current revision.
            let changed = try await client.execute(
                uri: "/api/clips/\(a)/annotations/\(id)", method: .put, headers: HTTP.jsonHeaders,
                body: try HTTP.json(["revision": seen + 1, "by": "cy", "score": "mid", "note": ""]))
            #expect(changed.status == .ok, "\(HTTP.message(changed))")
            let afterChange = try #require(try SidecarStore.read(fixture.sidecar("a")).annotations.first { $0.id == id })
            #expect(afterChange.score == "mid" && afterChange.note == nil && afterChange.evidence.count == 2)
            let removed = try await client.execute(uri: "/api/clips/\(a)/annotations/\(id)?revision=\(seen + 2)&by=cy", method: .delete)
            #expect(removed.status == .ok, "\(HTTP.message(removed))")
            #expect(try SidecarStore.read(fixture.sidecar("a")).annotations.allSatisfy { $0.id != id })
        }
    }

    @Test func writesAreCheckedAgainstTheCodebook() async throws {
        let fixture = try ReviewFixture.make()
        let a = try fixture.id("a")
        let revision = try fixture.revision("a")
        let before = try Data(contentsOf: fixture.sidecar("a"))
        try await fixture.test { client in
            let cases: [([String: Any], HTTPResponse.Status, String)] = [
                (["code": "richness.nope", "score": "mid", "rater": "ana"], .unprocessableContent, "is not a code"),
                (["code": "richness.explanations", "score": "great", "rater": "ana"], .unprocessableContent, "is not a score point"),
                (["code": "lesson.overall-mqi", "score": "3", "rater": "ana"], .unprocessableContent, "whole-lesson code"),
                (["code": "richness.explanations", "score": "mid", "rater": "ana", "evidence": [["time": 999]]],
                 .unprocessableContent, "outside the clip"),
                (["code": "richness.explanations", "score": "mid", "rater": " "], .unprocessableContent, "rater: empty"),
                (["code": "richness.explanations", "score": "mid"], .badRequest, "rater: missing"),
                (["code": "richness.explanations", "score": 3, "rater": "ana"], .badRequest, "score: wrong type"),
            ]
            for (fields, status, text) in cases {
                let body = fields.merging(["revision": revision]) { old, _ in old }
                let response = try await client.execute(uri: "/api/clips/\(a)/annotations", method: .post,
                                                        headers: HTTP.jsonHeaders, body: try HTTP.json(body))
                #expect(response.status == status, "\(fields): \(HTTP.message(response))")
                #expect(HTTP.message(response).contains(text), "\(fields): \(HTTP.message(response))")
            }
            let noRevision = try await client.execute(uri: "/api/clips/\(a)/annotations", method: .post, headers: HTTP.jsonHeaders,
                                                      body: try HTTP.json(["code": "richness.explanations", "score": "mid", "rater": "ana"]))
            #expect(noRevision.status == .badRequest, "a write must say which revision it was made on")
            let notJSON = try await client.execute(uri: "/api/clips/\(a)/annotations", method: .post, headers: HTTP.jsonHeaders,
                                                   body: ByteBuffer(string: "{\"revision\": "))
            #expect(notJSON.status == .badRequest)
        }
        #expect(try Data(contentsOf: fixture.sidecar("a")) == before, "no refused write touched the file")
    }

    @Test func reviewActionsFollowTheWorkflowAndReachTheCatalog() async throws {
        let fixture = try ReviewFixture.make()
        let a = try fixture.id("a")
        try await fixture.test { client in
            func act(_ action: String, by: String, comment: String? = nil) async throws -> TestResponse {
                var body: [String: Any] = ["revision": try fixture.revision("a"), "action": action, "by": by]
                if let comment { body["comment"] = comment }
                return try await client.execute(uri: "/api/clips/\(a)/review", method: .post, headers: HTTP.jsonHeaders,
                                                body: try HTTP.json(body))
            }
            #expect(try await act("accept", by: "lead").status == .conflict, "a draft cannot be accepted")
            #expect(try await act("submit", by: "ana").status == .ok)
            let own = try await act("accept", by: "ana")
            #expect(own.status == .conflict)
            #expect(HTTP.message(own).contains("ana submitted this set"))
            #expect(try await act("requestChanges", by: "lead").status == .unprocessableContent, "needs a comment")
            #expect(try await act("requestChanges", by: "lead", comment: "look again at 0:05").status == .ok)
            #expect(try await act("submit", by: "ana").status == .ok)
            let accepted = try await act("accept", by: "lead", comment: "agreed")
            #expect(accepted.status == .ok)
            let clip = try #require(try HTTP.object(accepted)["clip"] as? [String: Any])
            #expect((clip["review"] as? [[String: Any]])?.first?["state"] as? String == "accepted")

            let listed = try HTTP.array(try await client.execute(uri: "/api/clips?state=accepted", method: .get))
            #expect(listed.compactMap { $0["label"] as? String } == ["a"])
        }
        // The sidecar holds the trail; the catalog mirrors it.
        let set = try #require(try SidecarStore.read(fixture.sidecar("a")).reviewRecord().set(segment: nil))
        // The fixture's annotations were made with `clipcoach annotate`, which writes the trail too.
        #expect(set.events.map(\.action).filter { $0 != .annotate } == [.submit, .requestChanges, .submit, .accept])
        let catalog = try CatalogDatabase(path: fixture.catalog, mustExist: true)
        #expect(try catalog.reviewQueue(states: [.accepted]).map(\.label) == ["a"])
        #expect(try catalog.reviewQueue().isEmpty)
    }

    @Test func oversizedBodiesAre413() async throws {
        let fixture = try ReviewFixture.make()
        let a = try fixture.id("a")
        let before = try Data(contentsOf: fixture.sidecar("a"))
        try await fixture.test { client in
            let note = String(repeating: "x", count: 70 * 1024)
            let response = try await client.execute(
                uri: "/api/clips/\(a)/annotations", method: .post, headers: HTTP.jsonHeaders,
                body: try HTTP.json(["revision": try fixture.revision("a"), "code": "richness.explanations", "score": "mid",
                                     "rater": "ana", "note": note]))
            #expect(response.status == .contentTooLarge)
        }
        #expect(try Data(contentsOf: fixture.sidecar("a")) == before)
    }
}
