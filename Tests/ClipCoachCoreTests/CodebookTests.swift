import ClipCoachCore
import Foundation
import Testing
import TestSupport

@Suite struct CodebookTests {
    static let designCodeIDs = [
        "connected.classroom-work", "richness.linking-representations", "richness.explanations", "richness.sense-making",
        "richness.multiple-procedures", "richness.patterns-generalizations", "richness.language", "richness.overall",
        "wwsm.remediation", "wwsm.student-contributions", "wwsm.overall", "errors.content-errors", "errors.imprecision",
        "errors.lack-of-clarity", "errors.overall", "ccasp.student-explanations", "ccasp.questioning-reasoning",
        "ccasp.communicate", "ccasp.task-cognitive-demand", "ccasp.contextualized-problems", "ccasp.overall",
        "lesson.time-efficient", "lesson.dense", "lesson.engaged", "lesson.rich-mathematics", "lesson.remediates-difficulty",
        "lesson.student-ideas", "lesson.clear-not-distorted", "lesson.tasks-develop-mathematics", "lesson.ccasp",
        "lesson.overall-mqi",
    ]

    @Test func mqiHasExactlyTheDesignCodesWithTheirScales() throws {
        let mqi = try Codebook.mqi
        #expect(mqi.id == "mqi-4point-2014")
        #expect(!mqi.version.isEmpty)
        #expect(mqi.codes.map(\.id) == Self.designCodeIDs)
        #expect(mqi.problems(path: "mqi").isEmpty)
        for code in mqi.codes {
            let points = try #require(mqi.scale(for: code)).points.map(\.id)
            switch code.domain {
            case "connected": #expect(points == ["no", "yes"], "\(code.id)")
            case "lesson":
                #expect(points == ["1", "2", "3", "4", "5"], "\(code.id)")
                #expect(code.level == .lesson)
            default:
                #expect(points == ["not-present", "low", "mid", "high"], "\(code.id)")
                #expect(code.level == .segment)
            }
            #expect(code.higherIsWorse == (code.domain == "errors"), "\(code.id)")
            #expect(code.id.hasPrefix(code.domain + "."), "\(code.id) sits in domain \(code.domain)")
        }
        #expect(mqi.code("richness.explanations")?.name == "Explanations")
        #expect(mqi.code("lesson.overall-mqi")?.name == "Whole-Lesson MQI")
    }

    @Test func bundledResourceIsTheRepositoryFile() throws {
        let file = Fixtures.root.appendingPathComponent("Sources/ClipCoachCore/Resources/mqi-4point-2014.json").path
        #expect(try Codebook.load(path: file) == Codebook.mqi)
    }

    @Test func ranksAndBetterHonourHigherIsWorse() throws {
        let mqi = try Codebook.mqi
        let explanations = try #require(mqi.code("richness.explanations"))
        let imprecision = try #require(mqi.code("errors.imprecision"))
        let overall = try #require(mqi.code("lesson.overall-mqi"))
        let connected = try #require(mqi.code("connected.classroom-work"))
        #expect(mqi.rank(of: "not-present", in: explanations) == 0)
        #expect(mqi.rank(of: "high", in: explanations) == 3)
        #expect(mqi.rank(of: "3", in: explanations) == nil)
        #expect(mqi.rank(of: "5", in: overall) == 4)
        #expect(mqi.isBetter("high", than: "low", in: explanations))
        #expect(!mqi.isBetter("low", than: "high", in: explanations))
        #expect(mqi.isBetter("low", than: "high", in: imprecision))
        #expect(mqi.isBetter("not-present", than: "low", in: imprecision))
        #expect(!mqi.isBetter("mid", than: "mid", in: imprecision))
        #expect(mqi.isBetter("4", than: "2", in: overall))
        #expect(mqi.isBetter("yes", than: "no", in: connected))
        #expect(!mqi.isBetter("great", than: "low", in: explanations))
    }

    static var valid: [String: Any] { [
        "schema": "clipcoach.codebook", "schemaVersion": 1, "id": "tiny", "version": "1", "name": "Tiny",
        "domains": [["id": "d", "name": "D"]],
        "scales": [["id": "s", "name": "S", "points": [["id": "lo", "label": "Lo"], ["id": "hi", "label": "Hi"]]]],
        "codes": [["id": "d.one", "name": "One", "domain": "d", "level": "segment", "higherIsWorse": false, "scale": "s"]],
    ] }

    static func write(_ object: Any) throws -> String {
        let url = try Fixtures.temporaryFolder("codebook").appendingPathComponent("book.json")
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        return url.path
    }

    @Test func aCustomCodebookLoads() throws {
        let book = try Codebook.load(path: Self.write(Self.valid))
        #expect(book.id == "tiny")
        #expect(book.code("d.one")?.scale == "s")
    }

    /// Each broken codebook fails with a message naming the file and the field.
    @Test(arguments: [
        ("duplicate code", "codes[1].id: duplicate code id 'd.one'"),
        ("duplicate domain", "domains[1].id: duplicate domain id 'd'"),
        ("duplicate scale", "scales[1].id: duplicate scale id 's'"),
        ("duplicate point", "scales[0].points[1].id: duplicate score point id 'lo' in scale 's'"),
        ("unknown scale", "codes[0].scale: unknown scale 'nope' (known: s)"),
        ("empty scale", "scales[0].points: scale 's' needs at least 2 score points, has 0"),
        ("unknown domain", "codes[0].domain: unknown domain 'x' (known: d)"),
        ("missing field", "codes[0].level: missing"),
        ("bad level", "codes[0].level: 'sometimes' is not a code level (segment, lesson)"),
    ])
    func brokenCodebooksAreRejected(change: String, expected: String) throws {
        var object = Self.valid
        var codes = object["codes"] as? [[String: Any]] ?? []
        var scales = object["scales"] as? [[String: Any]] ?? []
        switch change {
        case "duplicate code": codes.append(codes[0])
        case "duplicate domain": object["domains"] = [["id": "d", "name": "D"], ["id": "d", "name": "E"]]
        case "duplicate scale": scales.append(scales[0])
        case "duplicate point": scales[0]["points"] = [["id": "lo", "label": "Lo"], ["id": "lo", "label": "Lo"]]
        case "unknown scale": codes[0]["scale"] = "nope"
        case "empty scale": scales[0]["points"] = [[String: Any]]()
        case "unknown domain": codes[0]["domain"] = "x"
        case "missing field": codes[0].removeValue(forKey: "level")
        case "bad level": codes[0]["level"] = "sometimes"
        default: Issue.record("unknown change \(change)")
        }
        object["codes"] = codes
        object["scales"] = scales
        let path = try Self.write(object)
        let error = try #require(throws: CodebookError.self) { try Codebook.load(path: path) }
        #expect(error.description == "\(path): \(expected)")
    }

    @Test func invalidJSONAndMissingFilesAreTold() throws {
        let folder = try Fixtures.temporaryFolder("codebook")
        let broken = folder.appendingPathComponent("broken.json")
        try Data("{ \"id\": ".utf8).write(to: broken)
        let notJSON = try #require(throws: CodebookError.self) { try Codebook.load(path: broken.path) }
        #expect(notJSON.kind == .invalidJSON)
        #expect(notJSON.description == "\(broken.path): not valid JSON")
        let missing = try #require(throws: CodebookError.self) { try Codebook.load(path: folder.appendingPathComponent("no.json").path) }
        #expect(missing.kind == .notFound)
    }
}
