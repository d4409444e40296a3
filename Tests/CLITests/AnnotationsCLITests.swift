import ClipCoachCore
import Foundation
import Testing
import TestSupport

@Suite struct AnnotationsCLITests {
    static func annotated() throws -> URL {
        let url = try SidecarCLIFixtures.clipSidecar()
        for arguments in [
            ["--code", "errors.imprecision", "--score", "low", "--rater", "Bo", "--at", "5"],
            ["--code", "richness.explanations", "--score", "high", "--rater", "Ana", "--role", "coach", "--note", "why it works"],
            ["--code", "richness.linking-representations", "--score", "mid", "--rater", "Ana", "--at", "1:00=number line"],
        ] {
            let result = try clipcoach(arguments: ["annotate", url.path] + arguments)
            try #require(result.status == 0, "\(result.stderr)")
        }
        return url
    }

    @Test func tableIsGroupedByDomainInCodebookOrder() throws {
        let url = try Self.annotated()
        let result = try clipcoach("annotations", url.path)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = SidecarCLIFixtures.lines(result.stdout)
        #expect(lines.first?.hasPrefix("\(url.path): clip clip-01 \"Launch\" 00:09.500-01:10.000, revision 4, 3 annotations") == true,
                "\(lines.first ?? "")")
        let richness = try #require(lines.firstIndex(of: "  Richness of the Mathematics"))
        let errors = try #require(lines.firstIndex(of: "  Errors and Imprecision"))
        #expect(richness < errors)
        #expect(lines[richness + 1].contains("Linking Between Representations") && lines[richness + 1].contains("Mid")
                && lines[richness + 1].contains("01:00.000 \"number line\""))
        #expect(lines[richness + 2].contains("Explanations") && lines[richness + 2].contains("High")
                && lines[richness + 2].contains("Ana (coach)") && lines[richness + 2].contains("\"why it works\""))
        #expect(lines[errors + 1].contains("Imprecision in Language or Notation") && lines[errors + 1].contains("Bo (rater)"))
    }

    @Test func jsonForOneFileIsAnObjectAndForSeveralAnArray() throws {
        let url = try Self.annotated()
        let one = try clipcoach("annotations", "--json", url.path)
        #expect(one.status == 0)
        let object = try SidecarCLIFixtures.json(one)
        let annotations = try #require(object["annotations"] as? [[String: Any]])
        #expect(annotations.count == 3)
        #expect(annotations[0]["domain"] as? String == "errors")
        #expect(annotations[0]["codeName"] as? String == "Imprecision in Language or Notation")
        #expect(annotations[0]["scoreLabel"] as? String == "Low")
        #expect(object["revision"] as? Int == 4)

        let lesson = try SidecarCLIFixtures.lessonSidecar()
        let several = try clipcoach("annotations", "--json", url.path, "/nonexistent/x.json", lesson.path)
        #expect(several.status == 66)
        let array = try #require(try JSONSerialization.jsonObject(with: several.stdoutData) as? [[String: Any]])
        #expect(array.count == 2)
        #expect(SidecarCLIFixtures.lines(several.stderr) == ["clipcoach: /nonexistent/x.json: no such sidecar file"])
    }

    @Test func aBadFileDoesNotStopTheOthers() throws {
        let url = try Self.annotated()
        let broken = url.deletingLastPathComponent().appendingPathComponent("broken.json")
        try Data("[1, 2".utf8).write(to: broken)
        let result = try clipcoach("annotations", broken.path, url.path)
        #expect(result.status == 65)
        #expect(result.stdout.contains("Richness of the Mathematics"))
        #expect(result.stderr == "clipcoach: \(broken.path): not valid JSON\n")
    }
}
