import Catalog
import ClipCoachCore
import Foundation
import Hummingbird
import ReviewServer
import Testing
import TestSupport

/// A small library made the way people make one: two clips cut from SampleMedia/lesson.mp4,
/// annotated, and ingested into a catalog, all with the clipcoach binary.
struct ReviewFixture {
    let folder: URL
    let catalog: String
    /// Catalog ids by clip label ("a", "b").
    let ids: [String: Int64]

    func sidecar(_ label: String) -> URL { folder.appendingPathComponent("\(label).json") }
    func media(_ label: String) -> URL { folder.appendingPathComponent("\(label).mp4") }

    static func make(sourceLocation: SourceLocation = #_sourceLocation) throws -> ReviewFixture {
        let folder = try Fixtures.temporaryFolder("review-server")
        try step(clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", "10-40=a", "--clip", "50-80=b", "--out", folder.path))
        try step(clipcoach("annotate", folder.appendingPathComponent("a.json").path, "--code", "richness.explanations",
                           "--score", "mid", "--rater", "ana", "--at", "5=student explains"))
        try step(clipcoach("annotate", folder.appendingPathComponent("b.json").path, "--code", "richness.language",
                           "--score", "low", "--rater", "bo", "--note", "imprecise words"))
        try step(clipcoach("tag", folder.appendingPathComponent("b.json").path, "--topic", "fractions", "--grade", "4"))
        // Shared for review: `review serve` (the raters' page) shows no private clip.
        for label in ["a", "b"] {
            try step(clipcoach("tag", folder.appendingPathComponent("\(label).json").path, "--sharing", "coaching", "--by", "coach"))
        }
        let catalog = folder.appendingPathComponent("library.sqlite").path
        try step(clipcoach("library", "ingest", folder.path, "--catalog", catalog, timeout: 300))
        let clips = try CatalogDatabase(path: catalog, mustExist: true).reviewableClips()
        let ids = Dictionary(clips.map { ($0.label, $0.id) }, uniquingKeysWith: { first, _ in first })
        #expect(Set(ids.keys) == ["a", "b"], "catalogued clips: \(clips.map(\.label))", sourceLocation: sourceLocation)
        return ReviewFixture(folder: folder, catalog: catalog, ids: ids)
    }

    private static func step(_ result: RunResult) throws {
        guard result.status == 0 else { throw FixtureError(text: "clipcoach failed (\(result.status)): \(result.stderr)") }
    }

    func configuration(token: String? = nil, host: String = "127.0.0.1", bodyLimit: Int = 64 * 1024) throws -> ReviewServerConfiguration {
        ReviewServerConfiguration(catalogPath: catalog, host: host, port: 0, token: token, codebook: try Codebook.mqi,
                                  bodyLimit: bodyLimit)
    }

    /// Runs `body` against the router, requests going straight to it (see RouterClient).
    func test(token: String? = nil, _ body: @Sendable (RouterClient) async throws -> Void) async throws {
        let router = try await buildReviewRouter(try configuration(token: token))
        try await body(RouterClient(router: router))
    }

    func id(_ label: String) throws -> Int64 { try #require(ids[label]) }

    func revision(_ label: String) throws -> Int { try SidecarStore.read(sidecar(label)).revision }
}

struct FixtureError: Error, CustomStringConvertible { let text: String; var description: String { text } }

/// Small helpers for requests and JSON answers.
enum HTTP {
    static func json(_ object: [String: Any]) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
    }

    static var jsonHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return headers
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any],
                     "body: \(String(buffer: response.body))")
    }

    static func array(_ response: TestResponse) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]],
                     "body: \(String(buffer: response.body))")
    }

    static func message(_ response: TestResponse) -> String {
        let object = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        return ((object?["error"] as? [String: Any])?["message"] as? String) ?? String(buffer: response.body)
    }
}
