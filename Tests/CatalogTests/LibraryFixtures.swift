import Catalog
import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// Libraries for the catalog tests: folders of sample copies with sidecars written
/// in code, a catalog beside them, and helpers to ingest and dump.
enum LibraryFixtures {
    /// A fresh temporary root with an empty `library/` folder in it; the catalog goes
    /// at `root/library.sqlite` (outside the walked folder).
    struct Site {
        let root: URL
        var library: URL { root.appendingPathComponent("library") }
        var catalogPath: String { root.appendingPathComponent("library.sqlite").path }

        func open() throws -> CatalogDatabase { try CatalogDatabase(path: catalogPath) }
        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    static func site(_ label: String) throws -> Site {
        let root = try Fixtures.temporaryFolder(label)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("library"), withIntermediateDirectories: true)
        return Site(root: root)
    }

    /// Copies a SampleMedia file into `folder` under `name`.
    @discardableResult
    static func copy(_ sample: String, into folder: URL, as name: String) throws -> URL {
        let target = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.sample(sample), toPath: target.path)
        return target
    }

    static func ingest(_ catalog: CatalogDatabase, _ folders: [URL], jobs: Int = 1) async throws -> IngestSummary {
        try await LibraryIngest(catalog: catalog, folders: folders.map(\.path), options: IngestOptions(jobs: jobs)).run()
    }

    static func outcome(of path: String, in summary: IngestSummary) -> IngestFileResult? {
        summary.files.first { $0.path == path || $0.path == URL(fileURLWithPath: path).resolvingSymlinksInPath().path }
    }

    /// One annotation as tests write them: code, score point, rater, optional note.
    struct Score {
        let code: String
        let score: String
        let rater: String
        var note: String? = nil
    }

    static func annotations(_ scores: [Score], segment: Int? = nil, at time: Double = 1) -> [Sidecar.Annotation] {
        scores.enumerated().map { index, score in
            Sidecar.Annotation(id: String(format: "a-%012d", index), code: score.code, score: score.score, rater: score.rater,
                               note: score.note, segment: segment, evidence: [Sidecar.Evidence(time: time, comment: nil)],
                               createdAt: "2026-01-02T03:04:05.000Z")
        }
    }

    /// A clip sidecar beside `media` (`x.mp4` -> `x.json`) describing it as cut from a lesson.
    static func clipSidecar(for media: URL, label: String, context: Sidecar.Context, scores: [Score],
                            duration: Double = 20) throws {
        let sidecar = Sidecar(
            id: "clip-" + media.deletingPathExtension().lastPathComponent,
            createdAt: "2026-01-02T03:04:05.000Z",
            source: Sidecar.Source(path: "/lessons/whole-lesson.mp4", fingerprint: "sha256s:00ff", duration: 600, size: 1000),
            clip: Sidecar.Clip(label: label, file: media.lastPathComponent, requestedStart: 100, requestedEnd: 100 + duration,
                               actualStart: 99.5, actualEnd: 100 + duration, duration: duration, mode: .copy, container: "mp4",
                               streams: [Sidecar.WrittenStream(index: 0, kind: "video", codec: "h264")]),
            context: context, annotations: annotations(scores))
        try SidecarStore.create(sidecar, at: sidecarURL(for: media), overwrite: true, codebook: try Codebook.mqi)
    }

    /// A lesson sidecar beside `media` with segments of `segmentLength` and scores per segment.
    static func lessonSidecar(for media: URL, duration: Double, segmentLength: Double, context: Sidecar.Context,
                              scoresBySegment: [Int: [Score]]) throws {
        var sidecar = Sidecar.lesson(
            id: media.deletingPathExtension().lastPathComponent,
            source: Sidecar.Source(path: media.lastPathComponent, fingerprint: "sha256s:00", duration: duration, size: 1),
            segments: try ScoringSegments.divide(duration: duration, length: segmentLength), segmentLength: segmentLength,
            context: context, createdAt: "2026-01-02T03:04:05.000Z")
        for (segment, scores) in scoresBySegment.sorted(by: { $0.key < $1.key }) {
            let start = Double(segment - 1) * segmentLength
            sidecar.annotations += annotations(scores, segment: segment, at: start + 1).map { annotation in
                var annotation = annotation
                annotation.id = String(format: "a-seg%d-%@", segment, String(annotation.id.suffix(6)))
                return annotation
            }
        }
        try SidecarStore.create(sidecar, at: sidecarURL(for: media), overwrite: true, codebook: try Codebook.mqi)
    }

    static func sidecarURL(for media: URL) -> URL { media.deletingPathExtension().appendingPathExtension("json") }

    /// Every file under the media folder (relative), with its modification time.
    static func mediaFiles(of catalog: CatalogDatabase) -> [String: Date] {
        var files: [String: Date] = [:]
        let base = URL(fileURLWithPath: catalog.mediaFolder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.contentModificationDateKey])
        else { return files }
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .isRegularFileKey])
            guard values?.isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1))
            files[relative] = values?.contentModificationDate
        }
        return files
    }

    /// Appends bytes to a file: new size, new fingerprint, still the same video to FFmpeg.
    static func append(_ bytes: Int, to url: URL) throws {
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 0, count: bytes))
        try handle.close()
    }
}
