import ClipCoachCore
import Foundation
import Interchange
import Testing
import TestSupport

/// Sidecars for the interchange tests, built in code in a fresh folder: a 150 s lesson with
/// three scoring segments of 60, 60 and 30 s, and two overlapping clips cut from it. The
/// annotations carry what formats get wrong: commas, quotes, line breaks, `<`, `&`, `-->`,
/// non-ASCII text, evidence out of time order, times that fall between frames, moments on a
/// segment boundary and at the very end of the lesson.
struct InterchangeLibrary {
    let folder: URL
    let lesson: URL
    let clipA: URL
    let clipB: URL

    static let trickyNote = "Clear, \"careful\" explanation\nsecond line & <b>bold</b> --> done; café ½"

    static func make() throws -> InterchangeLibrary {
        let folder = try Fixtures.temporaryFolder("interchange")
        let codebook = try Codebook.mqi
        let source = Sidecar.Source(path: "lesson.mp4", fingerprint: "sha256s:0123", duration: 150, size: 2_037_708)
        let created = "2026-01-05T10:00:00.000Z"

        let lesson = Sidecar.lesson(
            id: "lesson", source: source, segments: try ScoringSegments.divide(duration: 150, length: 60), segmentLength: 60,
            context: Sidecar.Context(teacher: "Ms R", grade: "4"), createdAt: created)
        var lessonWithNotes = lesson
        lessonWithNotes.annotations = [
            Sidecar.Annotation(id: "a-44445555666d", code: "richness.explanations", score: "mid", rater: "Ana", role: .rater,
                               note: "Segment note, with a comma", segment: 2,
                               evidence: [Sidecar.Evidence(time: 90), Sidecar.Evidence(time: 70.25, comment: "student explains why")],
                               createdAt: created),
            Sidecar.Annotation(id: "a-5555666677e7", code: "lesson.dense", score: "4", rater: "Bo", role: .coach,
                               note: trickyNote, createdAt: created),
            Sidecar.Annotation(id: "a-6666777788f8", code: "ccasp.communicate", score: "high", rater: "Ana", segment: 3,
                               evidence: [Sidecar.Evidence(time: 150, comment: "the last moment")], createdAt: created),
            Sidecar.Annotation(id: "a-77778888999a", code: "richness.explanations", score: "low", rater: "Ana", segment: 1,
                               evidence: [Sidecar.Evidence(time: 60, comment: "on the boundary")], createdAt: created),
        ]

        let clipA = Sidecar(
            kind: .clip, id: "clip-aaaa", createdAt: created, source: source,
            clip: Sidecar.Clip(label: "Launch, \"warm-up\" <1>", file: "a.mp4", requestedStart: 10, requestedEnd: 40,
                               actualStart: 8, actualEnd: 40, duration: 32, mode: .copy, container: "mp4",
                               streams: [Sidecar.WrittenStream(index: 0, kind: "video", codec: "h264")]),
            annotations: [
                Sidecar.Annotation(id: "a-0123456789ab", code: "richness.explanations", score: "mid", rater: "Ana",
                                   note: trickyNote,
                                   evidence: [Sidecar.Evidence(time: 5.123, comment: "student explains: why?"), Sidecar.Evidence(time: 2.5)],
                                   createdAt: created),
                Sidecar.Annotation(id: "a-11112222333a", code: "errors.imprecision", score: "low", rater: "Bo", role: .coach,
                                   createdAt: created),
                Sidecar.Annotation(id: "a-22223333444b", code: "richness.explanations", score: "high", rater: "Bo",
                                   evidence: [Sidecar.Evidence(time: 31.999, comment: "end = near; comma, here")], createdAt: created),
            ])
        let clipB = Sidecar(
            kind: .clip, id: "clip-bbbb", createdAt: created, source: source,
            clip: Sidecar.Clip(label: "Share", file: "b.mp4", requestedStart: 30, requestedEnd: 70,
                               actualStart: 30, actualEnd: 70, duration: 40, mode: .copy, container: "mp4", streams: []),
            annotations: [
                Sidecar.Annotation(id: "a-33334444555c", code: "ccasp.communicate", score: "not-present", rater: "Cy",
                                   role: .teacher, evidence: [Sidecar.Evidence(time: 0), Sidecar.Evidence(time: 40)], createdAt: created),
            ])

        let urls = (folder.appendingPathComponent("lesson.json"), folder.appendingPathComponent("a.json"),
                    folder.appendingPathComponent("b.json"))
        try SidecarStore.create(lessonWithNotes, at: urls.0, overwrite: false, codebook: codebook)
        try SidecarStore.create(clipA, at: urls.1, overwrite: false, codebook: codebook)
        try SidecarStore.create(clipB, at: urls.2, overwrite: false, codebook: codebook)
        return InterchangeLibrary(folder: folder, lesson: urls.0, clipA: urls.1, clipB: urls.2)
    }

    /// A sidecar read as the exporters see it, at 25 fps.
    func loaded(_ url: URL) throws -> LoadedSidecar {
        var loaded = try #require(try SidecarFileSource(path: url.path).load().first)
        loaded.frameRate = FrameRate(numerator: 25, denominator: 1)
        return loaded
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Exports and writes a file, returning its path.
    @discardableResult
    func export(_ format: ExportFormat, _ sources: [URL], to name: String) throws -> String {
        let loaded = try sources.map(loaded)
        let out = path(name)
        let result = try Exporter.render(format, sources: loaded, codebook: try Codebook.mqi, output: URL(fileURLWithPath: out))
        try OutputFile.write(Data(result.text.utf8), to: out, force: true)
        return out
    }

    /// A copy of a sidecar with no annotations (a fresh target for a round trip).
    func emptyCopy(of url: URL, named name: String) throws -> URL {
        var sidecar = try SidecarStore.read(url)
        sidecar.annotations = []
        sidecar.revision = 0
        let copy = folder.appendingPathComponent(name)
        try SidecarStore.create(sidecar, at: copy, overwrite: false, codebook: try Codebook.mqi)
        return copy
    }
}

/// Runs a Python script against the independent readers (opentimelineio, pympi, webvtt, rdflib).
/// A missing module fails the test with the fix, never skips it.
enum PythonOracle {
    static func run(_ script: String, module: String, arguments: [String],
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let guarded = """
        import sys
        try:
            import \(module)
        except ImportError as error:
            print("python3 cannot import \(module) (" + str(error) + "): run Scripts/install-deps.sh"); sys.exit(3)
        \(script)
        """
        let result = try TestSupport.run("python3", ["-c", guarded] + arguments)
        #expect(result.status == 0, "python3 (\(module)) failed:\n\(result.stdout)\n\(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// The script's stdout parsed as JSON.
    static func json(_ script: String, module: String, arguments: [String],
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        let output = try run(script, module: module, arguments: arguments, sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(output.utf8))
    }
}
