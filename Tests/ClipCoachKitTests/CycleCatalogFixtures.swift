@testable import Catalog
import ClipCoachCore
import Foundation
import GRDB
import Testing
import TestSupport

/// Catalogs built for the coaching-cycle tests: rows written directly (no media work),
/// shaped like what `library ingest` writes.
enum CycleCatalogFixtures {
    static func catalog(_ folder: URL) throws -> CatalogDatabase {
        try CatalogDatabase.withCycles(path: folder.appendingPathComponent("library.sqlite").path)
    }

    /// The catalog for `backend`: `library.sqlite` in `folder`, or a new PostgreSQL database
    /// whose media folder is `folder/pg.media`. Close it when done.
    static func open(_ backend: CatalogBackend, _ folder: URL, label: String) async throws -> OpenedCatalog {
        switch backend {
        case .sqlite:
            return .sqlite(try catalog(folder))
        case .postgres:
            let url = try PostgresTestServer.makeDatabase(label)
            return try await OpenedCatalog.open(try CatalogLocation.parse(url), mustExist: false,
                                                mediaFolder: folder.appendingPathComponent("pg.media").path)
        }
    }

    struct LibraryClip {
        var label: String
        var duration: Double = 60
        var grade: String? = "4"
        var teacher: String? = "Mr T"
        var source: String = "sha256s:stock-lesson"
        var scores: [(code: String, score: String, merit: Int)] = []
        var status: String = "present"
        var mediaPath: String? = nil
        var posterPath: String? = nil
    }

    /// Adds a clip row (with its video and annotations); returns its catalog id.
    @discardableResult
    static func add(_ clip: LibraryClip, to catalog: CatalogDatabase) throws -> Int64 {
        try add(clip, to: .sqlite(catalog))
    }

    /// The same on either backend (the same SQL through the catalog's session).
    @discardableResult
    static func add(_ clip: LibraryClip, to catalog: OpenedCatalog) throws -> Int64 {
        try catalog.write { session in
            let path = clip.mediaPath ?? "/library/\(clip.label.replacingOccurrences(of: " ", with: "-")).mp4"
            // A sidecar path only when there is one: pick and export read the status from it.
            let sidecar = (path as NSString).deletingPathExtension + ".json"
            let sidecarValue = FileManager.default.fileExists(atPath: sidecar) ? sidecar.databaseValue : .null
            let videoID = try #require(try session.value(Int64.self, """
                INSERT INTO video (path, fingerprint, size, modified_ns, status, sidecar_path, container, duration,
                                   rotation, video_codec, has_location, keyframe_count, media_folder, ingested_at)
                VALUES (?, ?, 1000, 0, ?, ?, 'mov,mp4,m4a,3gp,3g2,mj2', ?, 0, 'h264', FALSE, 10, 'x', '2026-01-01T00:00:00.000Z')
                RETURNING id
                """, [path.databaseValue, "sha256s:\(clip.label)".databaseValue, clip.status.databaseValue, sidecarValue,
                      clip.duration.databaseValue]))
            let clipID = try #require(try session.value(Int64.self, """
                INSERT INTO clip (video_id, kind, label, duration, source_fingerprint, teacher, grade, sidecar_poster, sharing)
                VALUES (?, 'clip', ?, ?, ?, ?, ?, ?, 'library') RETURNING id
                """, [videoID.databaseValue, clip.label.databaseValue, clip.duration.databaseValue, clip.source.databaseValue,
                      clip.teacher.databaseValue, clip.grade.databaseValue, clip.posterPath.databaseValue]))
            for (index, score) in clip.scores.enumerated() {
                try session.execute("""
                    INSERT INTO annotation (clip_id, sidecar_annotation_id, code, score, score_rank, merit, rater, role,
                                            created_at, updated_at)
                    VALUES (?, ?, ?, ?, NULL, ?, ?, 'rater', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')
                    """, [clipID.databaseValue, "a-\(index)".databaseValue, score.code.databaseValue, score.score.databaseValue,
                          score.merit.databaseValue, "rater-\(index)".databaseValue])
            }
            return clipID
        }
    }

    static let lesson = LessonReference(path: Fixtures.sample("lesson.mp4"), fingerprint: "sha256s:test-lesson", duration: 150)

    static func planned(_ store: CycleStore, teacher: String = "Ms R", focus: [String] = ["richness.explanations"],
                        lesson: LessonReference = lesson) throws -> CoachingCycle {
        try store.insert(try CoachingCycle.start(teacher: teacher, grade: "4", lesson: lesson, focusCodes: focus,
                                                 codebook: Codebook.mqi))
    }
}
