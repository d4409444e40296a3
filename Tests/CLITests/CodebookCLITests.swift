import Foundation
import Testing
import TestSupport

@Suite struct CodebookCLITests {
    @Test func printsDomainsCodesAndScales() throws {
        let result = try clipcoach("codebook")
        #expect(result.status == 0, "\(result.stderr)")
        for text in ["codebook mqi-4point-2014, version 1.0", "Richness of the Mathematics", "Errors and Imprecision (higher is worse)",
                     "Whole Lesson (whole lesson: lesson sidecars, no --segment)", "richness.explanations", "Explanations",
                     "lesson.overall-mqi", "not-present (Not Present) < low (Low) < mid (Mid) < high (High)", "1 < 2 < 3 < 4 < 5"] {
            #expect(result.stdout.contains(text), "missing \(text)")
        }
    }

    @Test func jsonIsTheCodebook() throws {
        let result = try clipcoach("codebook", "--json")
        #expect(result.status == 0)
        let object = try SidecarCLIFixtures.json(result)
        #expect(object["id"] as? String == "mqi-4point-2014")
        #expect((object["codes"] as? [Any])?.count == 31)
        #expect((object["scales"] as? [Any])?.count == 3)
    }

    @Test func aBrokenCodebookFileIsNamedWithItsField() throws {
        let url = try Fixtures.temporaryFolder("cli-book").appendingPathComponent("book.json")
        try Data("""
        {"schema": "clipcoach.codebook", "schemaVersion": 1, "id": "b", "version": "1", "name": "B",
         "domains": [{"id": "d", "name": "D"}], "scales": [],
         "codes": [{"id": "d.x", "name": "X", "domain": "d", "level": "segment", "higherIsWorse": false, "scale": "s"}]}
        """.utf8).write(to: url)
        let result = try clipcoach("codebook", "--codebook", url.path)
        #expect(result.status == 65)
        #expect(result.stderr == "clipcoach: \(url.path): codes[0].scale: unknown scale 's' (known: )\n")
        let missing = try clipcoach("codebook", "--codebook", "/nonexistent/book.json")
        #expect(missing.status == 66)
    }
}
