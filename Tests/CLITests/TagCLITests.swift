import ClipCoachCore
import Foundation
import Testing
import TestSupport

@Suite struct TagCLITests {
    @Test func setsContextFieldsAndTags() throws {
        let url = try SidecarCLIFixtures.clipSidecar()
        let result = try clipcoach("tag", url.path, "--teacher", "Ms. Rivera", "--grade", "4", "--topic", "fractions",
                                   "--date", "2025-03-14", "--tag", "launch", "--tag", "number line", "--tag", "launch")
        #expect(result.status == 0, "\(result.stderr)")
        var context = try SidecarStore.read(url).context
        #expect(context == Sidecar.Context(teacher: "Ms. Rivera", grade: "4", topic: "fractions", lessonDate: "2025-03-14",
                                           tags: ["launch", "number line"]))
        #expect(result.stdout.contains("topic    fractions"))

        let second = try clipcoach("tag", url.path, "--teacher", "", "--untag", "launch", "--tag", "review", "--json")
        #expect(second.status == 0, "\(second.stderr)")
        context = try SidecarStore.read(url).context
        #expect(context.teacher == nil && context.grade == "4")
        #expect(context.tags == ["number line", "review"])
        let object = try SidecarCLIFixtures.json(second)
        #expect(object["revision"] as? Int == 3)
        #expect((object["context"] as? [String: Any])?["tags"] as? [String] == ["number line", "review"])
    }

    @Test func withoutOptionsItOnlyPrints() throws {
        let url = try SidecarCLIFixtures.clipSidecar()
        let before = try Data(contentsOf: url)
        let result = try clipcoach("tag", url.path)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("\(url.path): revision 1"))
        #expect(try Data(contentsOf: url) == before)
    }

    @Test func badDateIsAUsageErrorAndTouchesNothing() throws {
        let url = try SidecarCLIFixtures.clipSidecar()
        let before = try Data(contentsOf: url)
        let result = try clipcoach("tag", url.path, "--date", "2025-02-30")
        #expect(result.status == 64)
        #expect(result.stderr.contains("context.lessonDate: '2025-02-30' is not a date YYYY-MM-DD"), "\(result.stderr)")
        #expect(try Data(contentsOf: url) == before)
    }

    @Test func aSidecarWithAnUnknownCodeIsNotRewritten() throws {
        let url = try SidecarCLIFixtures.clipSidecar()
        #expect(try clipcoach("annotate", url.path, "--code", "richness.language", "--score", "low", "--rater", "A").status == 0)
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "richness.language", with: "richness.lingo")
        try Data(text.utf8).write(to: url)
        let result = try clipcoach("tag", url.path, "--grade", "5")
        #expect(result.status == 65)
        #expect(result.stderr == "clipcoach: \(url.path): annotations[0].code: 'richness.lingo' is not a code of mqi-4point-2014 (see `clipcoach codebook`)\n")
        #expect(try String(contentsOf: url, encoding: .utf8) == text)
    }
}
