import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// Sidecars for the CLI tests, built in code (no `cut` needed).
enum SidecarCLIFixtures {
    static func clipSidecar(duration: Double = 60, annotations: [Sidecar.Annotation] = []) throws -> URL {
        let folder = try Fixtures.temporaryFolder("cli-sidecar")
        let sidecar = Sidecar(
            id: "clip-01",
            source: Sidecar.Source(path: "lesson.mp4", fingerprint: "sha256s:00ff", duration: 2700, size: 1_000_000),
            clip: Sidecar.Clip(label: "Launch", file: "clip-01.mp4", requestedStart: 10, requestedEnd: 10 + duration,
                               actualStart: 9.5, actualEnd: 10 + duration, duration: duration + 0.5, mode: .copy,
                               container: "mp4", streams: [Sidecar.WrittenStream(index: 0, kind: "video", codec: "h264")]),
            codebook: annotations.isEmpty ? nil : try Codebook.mqi.reference,
            annotations: annotations)
        let url = folder.appendingPathComponent("clip-01.json")
        try SidecarStore.create(sidecar, at: url, overwrite: false, codebook: Codebook.mqi)
        return url
    }

    static func lessonSidecar(duration: Double = 2700) throws -> URL {
        let folder = try Fixtures.temporaryFolder("cli-lesson")
        let sidecar = Sidecar.lesson(
            id: "lesson", source: Sidecar.Source(path: "lesson.mp4", fingerprint: "sha256s:00", duration: duration, size: 1),
            segments: try ScoringSegments.divide(duration: duration, length: 450), segmentLength: 450)
        let url = folder.appendingPathComponent("lesson.json")
        try SidecarStore.create(sidecar, at: url, overwrite: false)
        return url
    }

    /// The lines a command wrote on stderr.
    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    static func json(_ result: RunResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "stdout: \(result.stdout)")
    }

    /// Starts `bash -c script` without waiting (several at once), output to files in `folder`.
    static func startBash(_ script: String, environment: [String: String], folder: URL, name: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = folder.appendingPathComponent("\(name).out"), err = folder.appendingPathComponent("\(name).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func temporaries(beside url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(".\(url.lastPathComponent).tmp-") }
    }

    /// Checks files against Schemas/sidecar-v1.schema.json with Python's jsonschema; fails
    /// (never skips) when jsonschema is missing.
    static func expectSchemaValid(_ files: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let script = """
        import json, sys
        try:
            import jsonschema
        except ImportError:
            print("python3 cannot import jsonschema: run Scripts/install-deps.sh"); sys.exit(3)
        validator = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
        bad = [p + ": " + e.message for p in sys.argv[2:] for e in validator.iter_errors(json.load(open(p)))]
        print("\\n".join(bad)); sys.exit(1 if bad else 0)
        """
        let schema = Fixtures.root.appendingPathComponent("Schemas/sidecar-v1.schema.json").path
        let result = try run("python3", ["-c", script, schema] + files)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
    }
}
