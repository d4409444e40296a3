import ClipCoachCore
import Foundation
import TestSupport

/// Sidecars built in code (no `cut` needed) and written through the store.
enum SidecarFixtures {
    static func clip(duration: Double = 60, id: String = "clip-01") -> Sidecar {
        Sidecar(
            id: id,
            source: Sidecar.Source(path: "lesson.mp4", fingerprint: "sha256s:" + String(repeating: "ab", count: 32),
                                   duration: 2700, size: 123_456_789),
            clip: Sidecar.Clip(label: "Launch", file: "\(id).mp4", poster: "\(id).jpg",
                               requestedStart: 100.25, requestedEnd: 100.25 + duration,
                               actualStart: 100, actualEnd: 100.25 + duration, duration: duration,
                               mode: .copy, container: "mp4",
                               streams: [Sidecar.WrittenStream(index: 0, kind: "video", codec: "h264"),
                                         Sidecar.WrittenStream(index: 1, kind: "audio", codec: "aac", language: "eng")]))
    }

    static func lesson(duration: Double = 2700, length: Double = 450) throws -> Sidecar {
        Sidecar.lesson(id: "lesson",
                       source: Sidecar.Source(path: "lesson.mp4", fingerprint: "sha256s:00", duration: duration, size: 1000),
                       segments: try ScoringSegments.divide(duration: duration, length: length), segmentLength: length)
    }

    /// Writes `sidecar` as a new file in a fresh folder; returns its URL.
    static func write(_ sidecar: Sidecar, name: String = "clip-01.json") throws -> URL {
        let url = try Fixtures.temporaryFolder("sidecar").appendingPathComponent(name)
        try SidecarStore.create(sidecar, at: url, overwrite: false)
        return url
    }

    static func annotation(_ code: String, _ score: String, segment: Int? = nil, at times: [Double] = []) -> Sidecar.Annotation {
        Sidecar.Annotation(code: code, score: score, rater: "Ana", role: .coach, note: "n",
                           segment: segment, evidence: times.map { Sidecar.Evidence(time: $0, comment: "c") })
    }

    /// Adds one annotation through the store, as `clipcoach annotate` does.
    @discardableResult
    static func add(_ annotation: Sidecar.Annotation, to url: URL) throws -> Sidecar {
        let codebook = try Codebook.mqi
        return try SidecarStore.update(at: url, codebook: codebook) { sidecar throws(SidecarError) in
            try sidecar.add(annotation, codebook: codebook)
        }
    }

    static func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    static func object(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }
}
