import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// An independent check: Python's jsonschema against the schema files in Schemas/.
enum JSONSchemaCheck {
    static let script = """
    import json, sys
    try:
        import jsonschema
    except ImportError:
        print("python3 cannot import jsonschema: run Scripts/install-deps.sh")
        sys.exit(3)
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        for error in validator.iter_errors(json.load(open(path))):
            print(path + ": /" + "/".join(map(str, error.absolute_path)) + ": " + error.message)
            bad += 1
    sys.exit(1 if bad else 0)
    """

    static func schema(_ name: String) -> String { Fixtures.root.appendingPathComponent("Schemas/\(name)").path }

    /// Validates files; fails the test (never skips) when jsonschema is not installed.
    static func validate(_ files: [String], against schemaName: String) throws -> RunResult {
        let result = try run("python3", ["-c", script, schema(schemaName)] + files)
        #expect(result.status != 3, "\(result.stdout) (jsonschema is required for this test)")
        return result
    }
}

@Suite struct SidecarSchemaTests {
    @Test func sidecarsTheStoreWritesValidate() throws {
        let mqi = try Codebook.mqi
        var files: [String] = []
        // A fresh clip, as cut writes it.
        files.append(try SidecarFixtures.write(SidecarFixtures.clip()).path)
        // A clip with annotations and context.
        let clip = try SidecarFixtures.write(SidecarFixtures.clip())
        try SidecarFixtures.add(SidecarFixtures.annotation("richness.explanations", "mid", at: [1, 2.5]), to: clip)
        try SidecarFixtures.add(Sidecar.Annotation(code: "errors.imprecision", score: "low", rater: "Bo"), to: clip)
        try SidecarStore.update(at: clip, codebook: mqi) { sidecar throws(SidecarError) in
            sidecar.context = Sidecar.Context(teacher: "T", grade: "4", topic: "fractions", lessonDate: "2025-01-31", tags: ["a", "b"])
        }
        files.append(clip.path)
        // A lesson with a segment code and a whole-lesson code.
        let lesson = try SidecarFixtures.write(SidecarFixtures.lesson(duration: 2701), name: "lesson.json")
        try SidecarFixtures.add(SidecarFixtures.annotation("ccasp.communicate", "high", segment: 7, at: [2700.5]), to: lesson)
        try SidecarFixtures.add(SidecarFixtures.annotation("lesson.overall-mqi", "3"), to: lesson)
        files.append(lesson.path)

        let result = try JSONSchemaCheck.validate(files, against: "sidecar-v1.schema.json")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    /// The check can fail: a sidecar breaking the schema is reported.
    @Test func aBrokenSidecarFailsTheSchema() throws {
        let url = try SidecarFixtures.write(SidecarFixtures.clip())
        try SidecarFixtures.add(SidecarFixtures.annotation("richness.explanations", "mid"), to: url)
        var object = try SidecarFixtures.object(url)
        var annotations = object["annotations"] as? [[String: Any]] ?? []
        annotations[0]["role"] = "boss"
        object["annotations"] = annotations
        object.removeValue(forKey: "clip")
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        let result = try JSONSchemaCheck.validate([url.path], against: "sidecar-v1.schema.json")
        #expect(result.status == 1)
        #expect(result.stdout.contains("/annotations/0/role: 'boss' is not one of"))
        #expect(result.stdout.contains("'clip' is a required property"))
    }

    @Test func theCodebookResourceValidates() throws {
        let resource = Fixtures.root.appendingPathComponent("Sources/ClipCoachCore/Resources/mqi-4point-2014.json").path
        let result = try JSONSchemaCheck.validate([resource], against: "codebook-v1.schema.json")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }
}
