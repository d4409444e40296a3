import ClipCoachCore
import Foundation
import Testing
import TestSupport

@Suite struct ValidateCLITests {
    @Test func validFilesSayOk() throws {
        let clip = try SidecarCLIFixtures.clipSidecar()
        #expect(try clipcoach("annotate", clip.path, "--code", "richness.language", "--score", "low", "--rater", "A").status == 0)
        let lesson = try SidecarCLIFixtures.lessonSidecar()
        let codebook = Fixtures.root.appendingPathComponent("Sources/ClipCoachCore/Resources/mqi-4point-2014.json").path
        let result = try clipcoach("validate", clip.path, lesson.path, codebook)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(SidecarCLIFixtures.lines(result.stdout) == [
            "\(codebook): ok (codebook mqi-4point-2014, 31 codes)",
            "\(clip.path): ok (clip sidecar, revision 2, 1 annotation)",
            "\(lesson.path): ok (lesson sidecar, revision 1, 0 annotations)",
        ])
        #expect(result.stderr.isEmpty)
    }

    @Test func everyProblemGetsItsOwnLine() throws {
        let clip = try SidecarCLIFixtures.clipSidecar()
        #expect(try clipcoach("annotate", clip.path, "--code", "richness.language", "--score", "low", "--rater", "A").status == 0)
        #expect(try clipcoach("annotate", clip.path, "--code", "richness.language", "--score", "low", "--rater", "B", "--at", "3").status == 0)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: clip)) as? [String: Any])
        var annotations = try #require(object["annotations"] as? [[String: Any]])
        annotations[0]["score"] = "superb"
        annotations[1]["code"] = "lesson.dense"
        annotations[1]["evidence"] = [["time": 99]]
        object["annotations"] = annotations
        try JSONSerialization.data(withJSONObject: object).write(to: clip)

        let result = try clipcoach("validate", clip.path)
        #expect(result.status == 65)
        #expect(SidecarCLIFixtures.lines(result.stderr) == [
            "clipcoach: \(clip.path): annotations[1].evidence[0].time: 01:39.000 is outside the clip (00:00.000-01:00.500)",
            "clipcoach: \(clip.path): annotations[0].score: 'superb' is not a score point of richness.language (not-present, low, mid, high)",
            "clipcoach: \(clip.path): annotations[1].score: 'low' is not a score point of lesson.dense (1, 2, 3, 4, 5)",
        ])
        #expect(result.stdout.isEmpty)
    }

    @Test func missingBrokenAndForeignFiles() throws {
        let folder = try Fixtures.temporaryFolder("validate")
        let broken = folder.appendingPathComponent("broken.json")
        try Data("{".utf8).write(to: broken)
        let foreign = folder.appendingPathComponent("package.json")
        try Data("{\"name\": \"x\"}".utf8).write(to: foreign)
        let result = try clipcoach("validate", broken.path, foreign.path, folder.appendingPathComponent("none.json").path)
        #expect(result.status == 66)  // the worst: a missing file
        #expect(SidecarCLIFixtures.lines(result.stderr) == [
            "clipcoach: \(broken.path): not valid JSON",
            "clipcoach: \(foreign.path): schema: not a ClipCoach sidecar or codebook (expected \"clipcoach.sidecar\" or \"clipcoach.codebook\")",
            "clipcoach: \(folder.appendingPathComponent("none.json").path): no such file",
        ])
    }

    @Test func aFolderIsSearchedAndCustomCodebooksAreUsed() throws {
        let clip = try SidecarCLIFixtures.clipSidecar()
        let folder = clip.deletingLastPathComponent()
        let book = folder.appendingPathComponent("talk.json")
        try Data("""
        {"schema": "clipcoach.codebook", "schemaVersion": 1, "id": "talk-moves", "version": "0.1", "name": "Talk moves",
         "domains": [{"id": "talk", "name": "Talk"}],
         "scales": [{"id": "freq", "name": "Frequency", "points": [{"id": "never", "label": "Never"}, {"id": "often", "label": "Often"}]}],
         "codes": [{"id": "talk.revoicing", "name": "Revoicing", "domain": "talk", "level": "segment", "higherIsWorse": false, "scale": "freq"}]}
        """.utf8).write(to: book)
        #expect(try clipcoach("annotate", clip.path, "--code", "talk.revoicing", "--score", "often", "--rater", "A", "--codebook", book.path).status == 0)
        try Data("{\"thumbnails\": []}".utf8).write(to: folder.appendingPathComponent("index.json"))

        let result = try clipcoach("validate", folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(SidecarCLIFixtures.lines(result.stdout).count == 2)  // the codebook and the clip; index.json is not ours

        let alone = try clipcoach("validate", clip.path)
        #expect(alone.status == 65)
        #expect(alone.stderr.contains("codebook.id: unknown codebook 'talk-moves': give its codebook file too (pass --codebook FILE)"), "\(alone.stderr)")
        #expect(try clipcoach("validate", clip.path, "--codebook", book.path).status == 0)
    }

    @Test func brokenCodebookProblemsAreListedAndJSONIsStructured() throws {
        let url = try Fixtures.temporaryFolder("validate-book").appendingPathComponent("book.json")
        try Data("""
        {"schema": "clipcoach.codebook", "schemaVersion": 1, "id": "b", "version": "1", "name": "B",
         "domains": [{"id": "d", "name": "D"}, {"id": "d", "name": "E"}],
         "scales": [{"id": "s", "name": "S", "points": []}],
         "codes": [{"id": "d.x", "name": "X", "domain": "q", "level": "segment", "higherIsWorse": false, "scale": "s"}]}
        """.utf8).write(to: url)
        let result = try clipcoach("validate", "--json", url.path)
        #expect(result.status == 65)
        #expect(SidecarCLIFixtures.lines(result.stderr).count == 3)
        let array = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]])
        #expect(array.first?["type"] as? String == "codebook")
        #expect(array.first?["valid"] as? Bool == false)
        let fields = (array.first?["problems"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
        #expect(fields == ["domains[1].id", "scales[0].points", "codes[0].domain"])
    }
}
