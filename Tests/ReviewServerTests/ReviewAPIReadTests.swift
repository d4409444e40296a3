import ClipCoachCore
import Foundation
import Hummingbird
import ReviewServer
import Testing
import TestSupport

@Suite(.serialized) struct ReviewAPIReadTests {
    @Test func listsClipsWithPostersAndFilters() async throws {
        let fixture = try ReviewFixture.make()
        let a = try fixture.id("a"), b = try fixture.id("b")
        try await fixture.test { client in
            let all = try HTTP.array(try await client.execute(uri: "/api/clips", method: .get))
            #expect(all.compactMap { $0["label"] as? String } == ["a", "b"])
            #expect(all.first?["posterURL"] as? String == "/api/clips/\(a)/poster")
            #expect(all.first?["raters"] as? [String] == ["ana"])
            // A path of the machine never appears in what the API answers.
            let text = String(buffer: try await client.execute(uri: "/api/clips", method: .get).body)
            #expect(!text.contains(fixture.folder.path))

            func labels(_ query: String) async throws -> [String] {
                let response = try await client.execute(uri: "/api/clips?\(query)", method: .get)
                #expect(response.status == .ok, "\(query): \(HTTP.message(response))")
                return try HTTP.array(response).compactMap { $0["label"] as? String }
            }
            #expect(try await labels("code=richness.explanations") == ["a"])
            #expect(try await labels("rater=bo") == ["b"])
            #expect(try await labels("text=fraction") == ["b"])
            #expect(try await labels("text=imprecise%20words") == ["b"])
            #expect(try await labels("state=draft") == ["a", "b"])
            #expect(try await labels("state=submitted") == [])
            #expect(try await labels("code=richness.explanations&rater=bo") == [])
            let bad = try await client.execute(uri: "/api/clips?state=finished", method: .get)
            #expect(bad.status == .badRequest)

            let poster = try await client.execute(uri: "/api/clips/\(b)/poster", method: .get)
            #expect(poster.status == .ok)
            #expect(poster.headers[.contentType] == "image/jpeg")
            #expect(poster.body.readableBytesView.starts(with: [0xFF, 0xD8]), "a JPEG")
        }
    }

    @Test func clipDetailAndUnknownIDs() async throws {
        let fixture = try ReviewFixture.make()
        let a = try fixture.id("a")
        try await fixture.test { client in
            let detail = try HTTP.object(try await client.execute(uri: "/api/clips/\(a)", method: .get))
            #expect(detail["label"] as? String == "a")
            #expect(detail["mediaURL"] as? String == "/api/clips/\(a)/media")
            #expect(detail["mediaType"] as? String == "video/mp4")
            #expect(detail["revision"] as? Int == (try fixture.revision("a")))
            let annotations = try #require(detail["annotations"] as? [[String: Any]])
            #expect(annotations.first?["code"] as? String == "richness.explanations")
            let review = try #require(detail["review"] as? [[String: Any]])
            #expect(review.count == 1)
            #expect(review.first?["state"] as? String == "draft")

            for uri in ["/api/clips/999", "/api/clips/abc", "/api/clips/0", "/api/clips/999/media", "/api/clips/999/poster",
                        "/api/nothing-here"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri)")
            }
            let unknownAnnotation = try await client.execute(
                uri: "/api/clips/\(a)/annotations/a-000000000000", method: .put, headers: HTTP.jsonHeaders,
                body: try HTTP.json(["revision": try fixture.revision("a"), "by": "ana", "score": "high"]))
            #expect(unknownAnnotation.status == .notFound)
            let unknownClip = try await client.execute(
                uri: "/api/clips/999/review", method: .post, headers: HTTP.jsonHeaders,
                body: try HTTP.json(["revision": 1, "action": "submit", "by": "ana"]))
            #expect(unknownClip.status == .notFound)
        }
    }

    /// Exactly the asked bytes, for seeking; suffix ranges; 416 past the end; 200 without a range.
    @Test func rangeRequestsReturnTheRightBytes() async throws {
        let fixture = try ReviewFixture.make()
        let a = try fixture.id("a")
        let file = try Data(contentsOf: fixture.media("a"))
        #expect(file.count > 1000)
        try await fixture.test { client in
            func get(_ range: String?) async throws -> TestResponse {
                var headers = HTTPFields()
                if let range { headers[.range] = range }
                return try await client.execute(uri: "/api/clips/\(a)/media", method: .get, headers: headers)
            }
            let middle = try await get("bytes=100-1099")
            #expect(middle.status == .partialContent)
            #expect(middle.headers[.contentRange] == "bytes 100-1099/\(file.count)")
            #expect(middle.headers[.contentLength] == "1000")
            #expect(Data(middle.body.readableBytesView) == file.subdata(in: 100..<1100))

            let open = try await get("bytes=\(file.count - 10)-")
            #expect(open.status == .partialContent)
            #expect(Data(open.body.readableBytesView) == file.suffix(10))

            let suffix = try await get("bytes=-25")
            #expect(suffix.status == .partialContent)
            #expect(suffix.headers[.contentRange] == "bytes \(file.count - 25)-\(file.count - 1)/\(file.count)")
            #expect(Data(suffix.body.readableBytesView) == file.suffix(25))

            let clamped = try await get("bytes=0-\(file.count + 5000)")
            #expect(clamped.status == .partialContent)
            #expect(Data(clamped.body.readableBytesView) == file)

            let past = try await get("bytes=\(file.count)-")
            #expect(past.status == .rangeNotSatisfiable)
            #expect(past.headers[.contentRange] == "bytes */\(file.count)")

            let whole = try await get(nil)
            #expect(whole.status == .ok)
            #expect(whole.headers[.acceptRanges] == "bytes")
            #expect(whole.headers[.contentType] == "video/mp4")
            #expect(Data(whole.body.readableBytesView) == file)
        }
    }

    @Test func thePageIsServedFromTheBinary() async throws {
        let fixture = try ReviewFixture.make()
        try await fixture.test(token: "secret-token-1") { client in
            // The page holds no data: it loads without the token, the API needs it.
            let index = try await client.execute(uri: "/", method: .get)
            #expect(index.status == .ok)
            #expect(String(buffer: index.body).contains("<title>ClipCoach review</title>"))
            let clip = try await client.execute(uri: "/clip.html", method: .get)
            #expect(String(buffer: clip.body).contains("id=\"player\""))
            for (file, type) in [("/style.css", "text/css"), ("/clip.js", "javascript"), ("/common.js", "javascript")] {
                let response = try await client.execute(uri: file, method: .get)
                #expect(response.status == .ok, "\(file)")
                #expect(response.headers[.contentType]?.contains(type) == true, "\(file): \(response.headers[.contentType] ?? "")")
            }
            #expect(try await client.execute(uri: "/../Package.swift", method: .get).status != .ok)
        }
    }

    @Test func theCodebookAndAgreementAreAnswered() async throws {
        let fixture = try ReviewFixture.make()
        try await fixture.test { client in
            let codebook = try HTTP.object(try await client.execute(uri: "/api/codebook", method: .get))
            #expect(codebook["id"] as? String == "mqi-4point-2014")
            let agreement = try HTTP.object(try await client.execute(uri: "/api/agreement", method: .get))
            #expect((agreement["codes"] as? [[String: Any]])?.count == 2)
            let bad = try await client.execute(uri: "/api/agreement?code=nope", method: .get)
            #expect(bad.status == .badRequest)
        }
    }
}
