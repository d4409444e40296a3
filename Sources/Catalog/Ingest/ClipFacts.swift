import ClipCoachCore
import Foundation
import GRDB

/// The catalog rows a video's sidecar (or its absence) gives: the clip, its tags,
/// segments, annotations with evidence, and the full-text entry. Ids are filled in
/// when written (`CatalogWriter`).
struct ClipFacts: Sendable, Equatable {
    struct ScoredAnnotation: Sendable, Equatable {
        var annotation: CatalogAnnotation
        var evidence: [(time: Double, comment: String?)]

        static func == (a: Self, b: Self) -> Bool {
            a.annotation == b.annotation && a.evidence.elementsEqual(b.evidence) { $0.time == $1.time && $0.comment == $1.comment }
        }
    }

    var clip: CatalogClip
    var tags: [String]
    var segments: [(number: Int, start: Double, end: Double)]
    var annotations: [ScoredAnnotation]
    /// What `clip_text` indexes.
    var text: ClipText
    /// Problems worth telling the librarian (an ignored sidecar, an unknown code).
    var warnings: [String]

    static func == (a: Self, b: Self) -> Bool {
        a.clip == b.clip && a.tags == b.tags && a.annotations == b.annotations && a.text == b.text
            && a.warnings == b.warnings
            && a.segments.elementsEqual(b.segments) { $0.number == $1.number && $0.start == $1.start && $0.end == $1.end }
    }
}

/// The columns of the full-text index `clip_text`.
struct ClipText: Sendable, Equatable {
    var label: String
    var topic: String
    var teacher: String
    var tags: String
    var notes: String

    /// Every word and its stem, what `--text` matches (`SearchTerms`).
    var terms: String { SearchTerms.indexed([label, topic, teacher, tags, notes]) }

    /// The one statement that writes a clip's entry, on SQLite and PostgreSQL alike.
    static let insertSQL = "INSERT INTO clip_text (rowid, label, topic, teacher, tags, notes, terms) VALUES (?, ?, ?, ?, ?, ?, ?)"

    func insertValues(clipId: Int64) -> [DatabaseValue] {
        [clipId.databaseValue, label.databaseValue, topic.databaseValue, teacher.databaseValue,
         tags.databaseValue, notes.databaseValue, terms.databaseValue]
    }
}

extension ClipFacts {
    /// The facts for a video: from its sidecar when there is a usable one, else a
    /// bare `video` clip named after the file. An unreadable or mismatched sidecar
    /// is a warning, not a failure: the video itself is fine.
    static func make(videoPath: String, fingerprint: String, duration: Double?, sidecarPath: String?,
                     codebooks: CodebookSet) -> ClipFacts {
        var warnings: [String] = []
        if let sidecarPath {
            do {
                let sidecar = try SidecarStore.read(URL(fileURLWithPath: sidecarPath))
                if let mismatch = mismatch(sidecar, sidecarPath: sidecarPath, videoPath: videoPath, fingerprint: fingerprint) {
                    warnings.append("sidecar \((sidecarPath as NSString).lastPathComponent) ignored: \(mismatch)")
                } else {
                    return fromSidecar(sidecar, sidecarPath: sidecarPath, codebooks: codebooks)
                }
            } catch {
                warnings.append("sidecar ignored: \(error.description)")
            }
        }
        let label = URL(fileURLWithPath: videoPath).deletingPathExtension().lastPathComponent
        let clip = CatalogClip(
            id: nil, videoId: 0, kind: .video, sidecarId: nil, sidecarRevision: nil, label: label,
            duration: duration, sourcePath: videoPath, sourceFingerprint: fingerprint,
            sourceStart: nil, sourceEnd: nil, requestedStart: nil, requestedEnd: nil, mode: nil, sidecarPoster: nil,
            teacher: nil, grade: nil, topic: nil, lessonDate: nil, codebookId: nil, codebookVersion: nil)
        return ClipFacts(clip: clip, tags: [], segments: [], annotations: [],
                         text: ClipText(label: label, topic: "", teacher: "", tags: "", notes: ""), warnings: warnings)
    }

    /// Why a sidecar beside a video does not describe it, nil if it does.
    static func mismatch(_ sidecar: Sidecar, sidecarPath: String, videoPath: String, fingerprint: String) -> String? {
        let videoName = (videoPath as NSString).lastPathComponent
        switch sidecar.kind {
        case .clip:
            guard let file = sidecar.clip?.file else { return "a clip sidecar without a clip" }
            return (file as NSString).lastPathComponent == videoName ? nil : "it describes \(file), not \(videoName)"
        case .lesson:
            let source = sidecar.source.resolvedURL(sidecarAt: URL(fileURLWithPath: sidecarPath)).lastPathComponent
            return source == videoName || sidecar.source.fingerprint == fingerprint
                ? nil : "it describes the lesson \(sidecar.source.path), not \(videoName)"
        }
    }

    static func fromSidecar(_ sidecar: Sidecar, sidecarPath: String, codebooks: CodebookSet) -> ClipFacts {
        let sidecarURL = URL(fileURLWithPath: sidecarPath)
        let folder = sidecarURL.deletingLastPathComponent()
        let context = sidecar.context
        var clip = CatalogClip(
            id: nil, videoId: 0, kind: sidecar.kind == .clip ? .clip : .lesson, sidecarId: sidecar.id,
            sidecarRevision: sidecar.revision, label: sidecar.clip?.label ?? sidecar.id,
            duration: sidecar.kind == .clip ? sidecar.clip?.duration : sidecar.timelineDuration,
            sourcePath: sidecar.source.resolvedURL(sidecarAt: sidecarURL).standardizedFileURL.path,
            sourceFingerprint: sidecar.source.fingerprint,
            sourceStart: nil, sourceEnd: nil, requestedStart: nil, requestedEnd: nil, mode: nil, sidecarPoster: nil,
            teacher: context.teacher, grade: context.grade, topic: context.topic, lessonDate: context.lessonDate,
            codebookId: sidecar.codebook?.id, codebookVersion: sidecar.codebook?.version,
            sharing: sidecar.sharingStatus.rawValue)
        if let cut = sidecar.clip {
            clip.sourceStart = cut.actualStart
            clip.sourceEnd = cut.actualEnd
            clip.requestedStart = cut.requestedStart
            clip.requestedEnd = cut.requestedEnd
            clip.mode = cut.mode.rawValue
            clip.sidecarPoster = cut.poster.map { folder.appendingPathComponent($0).standardizedFileURL.path }
        }
        var warnings: [String] = []
        let codebook = sidecar.codebook.flatMap { codebooks.codebook(id: $0.id) }
        if let used = sidecar.codebook, codebook == nil, !sidecar.annotations.isEmpty {
            warnings.append("codebook '\(used.id)' is not known: its scores are kept but not ranked (ingest again with that codebook file)")
        }
        let annotations = sidecar.annotations.map { annotation in
            let code = codebook?.code(annotation.code)
            let rank = code.flatMap { codebook?.rank(of: annotation.score, in: $0) }
            if codebook != nil && rank == nil {
                warnings.append("annotation \(annotation.id): \(annotation.code) = \(annotation.score) is not on the codebook's scale")
            }
            var merit: Int?
            if let rank, let code, let codebook { merit = Merit.of(rank: rank, code: code, in: codebook) }
            let row = CatalogAnnotation(
                id: nil, clipId: 0, sidecarAnnotationId: annotation.id, code: annotation.code, score: annotation.score,
                scoreRank: rank, merit: merit, rater: annotation.rater, role: annotation.role.rawValue,
                note: annotation.note, segmentNumber: annotation.segment,
                createdAt: annotation.createdAt, updatedAt: annotation.updatedAt)
            return ScoredAnnotation(annotation: row, evidence: annotation.evidence.map { ($0.time, $0.comment) })
        }
        var tags: [String] = []
        for tag in context.tags where !tags.contains(tag) { tags.append(tag) }
        let notes = sidecar.annotations.flatMap { [$0.note] + $0.evidence.map(\.comment) }.compactMap { $0 }
        let text = ClipText(label: clip.label, topic: context.topic ?? "", teacher: context.teacher ?? "",
                            tags: tags.joined(separator: " "), notes: notes.joined(separator: "\n"))
        let segments = (sidecar.segments ?? []).map { (number: $0.number, start: $0.start, end: $0.end) }
        return ClipFacts(clip: clip, tags: tags, segments: segments, annotations: annotations, text: text, warnings: warnings)
    }
}
