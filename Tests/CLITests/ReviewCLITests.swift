import ClipCoachCore
import Foundation
import Testing
import TestSupport

@Suite struct ReviewCLITests {
    /// A clip sidecar with one annotation by ana.
    static func annotatedClip() throws -> URL {
        let url = try SidecarCLIFixtures.clipSidecar()
        let added = try clipcoach("annotate", url.path, "--code", "richness.explanations", "--score", "low", "--rater", "ana")
        #expect(added.status == 0, "\(added.stderr)")
        return url
    }

    @Test func submitRequestChangesSubmitAccept() throws {
        let url = try Self.annotatedClip()
        let submit = try clipcoach("review", "submit", url.path, "--reviewer", "ana", "--comment", "ready")
        #expect(submit.status == 0, "\(submit.stderr)")
        #expect(submit.stdout.hasPrefix("\(url.path) (clip): draft -> submitted, revision 3"), "\(submit.stdout)")
        #expect(submit.stdout.contains("added a-"), "the first submission lists what it holds")

        let back = try clipcoach("review", "request-changes", url.path, "--reviewer", "lead", "--comment", "check 0:12", "--json")
        #expect(back.status == 0, "\(back.stderr)")
        let json = try SidecarCLIFixtures.json(back)
        #expect(json["state"] as? String == "changesRequested")
        #expect((json["event"] as? [String: Any])?["comment"] as? String == "check 0:12")

        #expect(try clipcoach("review", "submit", url.path, "--reviewer", "ana").status == 0)
        let accept = try clipcoach("review", "accept", url.path, "--reviewer", "lead")
        #expect(accept.status == 0, "\(accept.stderr)")
        let set = try #require(try SidecarStore.read(url).reviewRecord().set(segment: nil))
        #expect(set.state == .accepted)
        // The first event is the annotation itself (annotate writes the trail too).
        #expect(set.events.map(\.by) == ["ana", "ana", "lead", "ana", "lead"])
        try SidecarCLIFixtures.expectSchemaValid([url.path])
    }

    @Test func refusalsHaveClearLinesAndExitCodes() throws {
        let url = try Self.annotatedClip()
        let before = try Data(contentsOf: url)

        let early = try clipcoach("review", "accept", url.path, "--reviewer", "lead")
        #expect(early.status == 69, "not available in this state")
        #expect(early.stderr == "clipcoach: \(url.path): accept: not allowed when the set is draft (only a submitted set is decided on)\n")

        let noComment = try clipcoach("review", "request-changes", url.path, "--reviewer", "lead")
        #expect(noComment.status == 64, "\(noComment.stderr)")
        let segment = try clipcoach("review", "submit", url.path, "--reviewer", "ana", "--segment", "2")
        #expect(segment.status == 64)
        #expect(segment.stderr.contains("a clip sidecar has no segments"))
        let missing = try clipcoach("review", "submit", url.path + ".nope", "--reviewer", "ana")
        #expect(missing.status == 66)
        #expect(try Data(contentsOf: url) == before)

        #expect(try clipcoach("review", "submit", url.path, "--reviewer", "ana").status == 0)
        let own = try clipcoach("review", "accept", url.path, "--reviewer", "ana")
        #expect(own.status == 69)
        #expect(own.stderr.contains("ana submitted this set: another reviewer decides on it"))
    }

    @Test func queueListsWhatWaitsFromSidecars() throws {
        let waiting = try Self.annotatedClip()
        let accepted = try Self.annotatedClip()
        #expect(try clipcoach("review", "submit", waiting.path, "--reviewer", "ana").status == 0)
        #expect(try clipcoach("review", "submit", accepted.path, "--reviewer", "ana").status == 0)
        #expect(try clipcoach("review", "accept", accepted.path, "--reviewer", "lead").status == 0)

        let queue = try clipcoach("review", "queue", waiting.path, accepted.path, "--json")
        #expect(queue.status == 0, "\(queue.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: queue.stdoutData) as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["sidecar"] as? String == waiting.path)
        #expect(entries.first?["state"] as? String == "submitted")
        #expect(entries.first?["submittedBy"] as? String == "ana")

        let table = try clipcoach("review", "queue", waiting.path, accepted.path)
        #expect(table.stdout.hasPrefix("STATE"))
        #expect(table.stdout.contains("submitted"))
        let all = try clipcoach("review", "queue", waiting.path, accepted.path, "--all", "--json")
        #expect((try JSONSerialization.jsonObject(with: all.stdoutData) as? [[String: Any]])?.count == 2)
    }

    /// `review queue PATHS` lists the sidecars there the catalog does not hold yet; `review
    /// queue` on the catalog lists sidecars changed since the last ingest; an ingest clears both.
    @Test func queueSaysWhatTheCatalogHasNotSeen() throws {
        let folder = try Fixtures.temporaryFolder("review-queue-fresh")
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = folder.appendingPathComponent("library.sqlite").path
        let lesson = Fixtures.sample("lesson.mp4")
        #expect(try clipcoach("cut", lesson, "--clip", "1-3=a", "--clip", "4-6=b", "--out", folder.path, "--no-poster").status == 0)
        #expect(try clipcoach("library", "ingest", folder.path, "--catalog", catalog).status == 0)
        #expect(try clipcoach("cut", lesson, "--clip", "7-9=c", "--out", folder.path, "--no-poster").status == 0)
        let annotated = try clipcoach("annotate", folder.appendingPathComponent("a.json").path, "--code", "richness.explanations",
                                      "--score", "mid", "--rater", "ana")
        #expect(annotated.status == 0, "\(annotated.stderr)")

        let paths = try clipcoach("review", "queue", folder.path, "--catalog", catalog)
        #expect(paths.status == 0, "\(paths.stderr)")
        let notYet = try #require(paths.stdout.components(separatedBy: "Not in the catalog yet").last)
        #expect(notYet.contains("/c.json"), "\(paths.stdout)")
        #expect(!notYet.contains("/b.json"))
        #expect(paths.stdout.contains("/a.json: changed since the last ingest"), "\(paths.stdout)")

        let named = try clipcoach("review", "queue", folder.appendingPathComponent("c.json").path, "--catalog", catalog)
        #expect(named.stdout.contains("Not in the catalog yet"), "a sidecar named directly: \(named.stdout)")

        let queue = try clipcoach("review", "queue", "--catalog", catalog)
        #expect(queue.status == 0, "\(queue.stderr)")
        #expect(queue.stdout.contains("Changed since the last ingest"), "\(queue.stdout)")
        #expect(queue.stdout.contains("/a.json: changed since the last ingest (revision "), "\(queue.stdout)")
        #expect(!queue.stdout.contains("/b.json"))
        let json = try clipcoach("review", "queue", "--catalog", catalog, "--json")
        #expect((try JSONSerialization.jsonObject(with: json.stdoutData) as? [Any]) != nil, "JSON stays the queue")
        #expect(json.stderr.contains("/a.json: changed since the last ingest"))

        #expect(try clipcoach("library", "ingest", folder.path, "--catalog", catalog).status == 0)
        let after = try clipcoach("review", "queue", folder.path, "--catalog", catalog)
        #expect(!after.stdout.contains("Not in the catalog yet") && !after.stdout.contains("Changed since"), "\(after.stdout)")
    }

    /// A clip sidecar with its own id (agreement items are told apart by sidecar id).
    static func clip(id: String) throws -> URL {
        let folder = try Fixtures.temporaryFolder("review-cli")
        let sidecar = Sidecar(
            id: id, source: Sidecar.Source(path: "lesson.mp4", fingerprint: "sha256s:00ff", duration: 2700, size: 1_000_000),
            clip: Sidecar.Clip(label: id, file: "\(id).mp4", requestedStart: 10, requestedEnd: 70, actualStart: 10, actualEnd: 70,
                               duration: 60, mode: .copy, container: "mp4",
                               streams: [Sidecar.WrittenStream(index: 0, kind: "video", codec: "h264")]))
        let url = folder.appendingPathComponent("\(id).json")
        try SidecarStore.create(sidecar, at: url, overwrite: false)
        return url
    }

    /// Two raters on three clips, hand-checked: exact 1/3, adjacent 2/3, one item 3 points apart.
    @Test func agreementOverSidecars() throws {
        var files: [String] = []
        for (index, (ana, bo)) in [("mid", "mid"), ("low", "mid"), ("not-present", "high")].enumerated() {
            let url = try Self.clip(id: "clip-\(index)")
            for (rater, score) in [("ana", ana), ("bo", bo)] {
                let added = try clipcoach("annotate", url.path, "--code", "richness.explanations", "--score", score, "--rater", rater)
                #expect(added.status == 0, "\(added.stderr)")
            }
            files.append(url.path)
        }
        let result = try clipcoach(arguments: ["review", "agreement"] + files + ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try SidecarCLIFixtures.json(result)
        let code = try #require((report["codes"] as? [[String: Any]])?.first)
        let figures = try #require(code["figures"] as? [String: Any])
        #expect(figures["items"] as? Int == 3)
        #expect(figures["exact"] as? Double == 1.0 / 3)
        #expect(figures["adjacent"] as? Double == 2.0 / 3)
        #expect(figures["kappaRaters"] as? [String] == ["ana", "bo"])
        let wide = try #require(report["disagreements"] as? [[String: Any]])
        #expect(wide.count == 1)
        #expect(wide.first?["spread"] as? Int == 3)
        #expect((wide.first?["item"] as? [String: Any])?["unit"] as? String == "clip-2")

        let table = try clipcoach(arguments: ["review", "agreement"] + files)
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("CODE") == true)
        #expect(lines.contains { $0.hasPrefix("richness.explanations") && $0.contains("33%") && $0.contains("67%") }, "\(table.stdout)")
        #expect(lines.contains { $0.contains("clip-2") && $0.contains("ana: not-present, bo: high") }, "\(table.stdout)")

        let unknown = try clipcoach(arguments: ["review", "agreement"] + files + ["--code", "nope"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr == "clipcoach: 'nope' is not a code of mqi-4point-2014 (see `clipcoach codebook`)\n")
        let oneRater = try clipcoach(arguments: ["review", "agreement"] + files + ["--rater", "ana"])
        #expect(oneRater.status == 64)
    }
}
