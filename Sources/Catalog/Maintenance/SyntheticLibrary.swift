import ClipCoachCore
import Foundation
import GRDB

/// A catalog full of made-up annotated clips, for measuring search at library scale
/// (`clipcoach library synthesize`, a hidden command the benchmark uses). Rows go
/// through the same writer as a real ingest; no media files are made. Seeded, so
/// the same count gives the same catalog.
public enum SyntheticLibrary {
    public static let pathPrefix = "/synthetic-library/"

    /// Adds `count` clips, each with one to four rater annotations on MQI segment
    /// codes, in transactions of `batch` clips.
    public static func populate(_ catalog: CatalogDatabase, count: Int, seed: UInt64 = 42,
                                batch: Int = 2000) async throws(CatalogError) {
        try catalog.requireWritable()
        let codebook: Codebook
        do { codebook = try Codebook.mqi } catch {
            throw CatalogError(.database, path: catalog.path, message: error.description)
        }
        let codes = codebook.codes.filter { $0.level == .segment }
        var generator = SplitMix64(seed: seed)
        var start = 0
        while start < count {
            let end = min(count, start + batch)
            var updates: [VideoUpdate] = []
            for index in start..<end {
                updates.append(makeClip(index, codes: codes, codebook: codebook, random: &generator))
            }
            let ready = updates
            try await catalogStepAsync(catalog.path) {
                try await catalog.pool.write { db in
                    for update in ready { _ = try CatalogWriter.store(update, in: db) }
                }
            }
            start = end
        }
    }

    static let topics = ["fractions", "place value", "area and perimeter", "ratios", "linear equations",
                         "multiplication", "division", "geometry proofs", "probability", "decimals", "integers", "functions"]
    static let grades = ["K", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
    static let words = ["explains", "number line", "student strategy", "error", "discussion", "representation",
                        "launch", "share", "partner talk", "model", "justify", "pattern"]

    static func makeClip(_ index: Int, codes: [Codebook.Code], codebook: Codebook,
                         random: inout SplitMix64) -> VideoUpdate {
        let name = String(format: "clip-%06d", index)
        let path = pathPrefix + name + ".mp4"
        let fingerprint = "sha256s:" + String(format: "%064llx", UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        let folder = MediaFolderLayout.folder(forVideo: path, fingerprint: fingerprint)
        let duration = Double(30 + random.next(below: 300))
        let video = CatalogVideo(
            id: nil, path: path, fingerprint: fingerprint, size: 1_000_000, modifiedNs: 0, status: .present,
            sidecarPath: pathPrefix + name + ".json", sidecarFingerprint: fingerprint, container: "mov,mp4,m4a,3gp,3g2,mj2",
            duration: duration, startTime: 0, width: 640, height: 360, displayWidth: 640, displayHeight: 360, rotation: 0,
            videoCodec: "h264", audioCodec: "aac", frameRate: 25, hasLocation: false, keyframeCount: Int(duration / 2),
            mediaFolder: folder, ingestedAt: "2026-01-01T00:00:00.000Z")
        let topic = topics[random.next(below: topics.count)]
        let teacher = "teacher-\(random.next(below: 400))"
        let grade = grades[random.next(below: grades.count)]
        let tags = [words[random.next(below: words.count)]]
        var annotations: [ClipFacts.ScoredAnnotation] = []
        for number in 0..<(1 + random.next(below: 4)) {
            let code = codes[random.next(below: codes.count)]
            let points = codebook.scale(for: code)?.points ?? []
            let rank = points.isEmpty ? 0 : random.next(below: points.count)
            let note = "\(words[random.next(below: words.count)]) \(words[random.next(below: words.count)])"
            annotations.append(ClipFacts.ScoredAnnotation(
                annotation: CatalogAnnotation(
                    id: nil, clipId: 0, sidecarAnnotationId: String(format: "a-%06d%06d", index, number), code: code.id,
                    score: points.isEmpty ? "" : points[rank].id, scoreRank: rank,
                    merit: Merit.of(rank: rank, code: code, in: codebook), rater: "rater-\(random.next(below: 40))",
                    role: "rater", note: note, segmentNumber: nil,
                    createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z"),
                evidence: [(time: Double(random.next(below: Int(duration))), comment: nil)]))
        }
        let clip = CatalogClip(
            id: nil, videoId: 0, kind: .clip, sidecarId: name, sidecarRevision: 1, label: "\(topic) \(name)",
            duration: duration, sourcePath: pathPrefix + "lesson-\(index / 8).mp4", sourceFingerprint: fingerprint,
            sourceStart: 0, sourceEnd: duration, requestedStart: 0, requestedEnd: duration, mode: "copy",
            sidecarPoster: nil, teacher: teacher, grade: grade, topic: topic, lessonDate: nil,
            codebookId: codebook.id, codebookVersion: codebook.version,
            // A benchmark library stands for a cleared exemplar library: search finds its clips.
            sharing: "library")
        let notes = annotations.compactMap(\.annotation.note).joined(separator: "\n")
        let facts = ClipFacts(clip: clip, tags: tags, segments: [], annotations: annotations,
                              text: ClipText(label: clip.label, topic: topic, teacher: teacher,
                                             tags: tags.joined(separator: " "), notes: notes), warnings: [])
        let poster = CatalogThumbnail(videoId: 0, file: MediaFolderLayout.posterFile(in: folder), kind: .poster,
                                      time: 0, width: 640, height: 360)
        return VideoUpdate(video: video, thumbnails: [poster], facts: facts, previousMediaFolder: nil)
    }
}

/// A small seeded generator (SplitMix64): the same seed gives the same library.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
}
