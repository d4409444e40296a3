import Catalog
import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// Search over a library whose answers are known: six clips of one short sample, each
/// with a sidecar written here. Built once (ingest is the slow part) and shared.
@Suite("library search")
struct CatalogSearchTests {
    struct Library: Sendable {
        let catalog: CatalogDatabase
        /// Clip ids by file stem (a, b, c, d, e, f).
        let ids: [String: Int64]
    }

    static let library = Task { try await makeLibrary() }

    static func makeLibrary() async throws -> Library {
        let site = try LibraryFixtures.site("catalog-search")
        let folder = site.library
        typealias S = LibraryFixtures.Score
        let explain = "richness.explanations", imprecise = "errors.imprecision"
        let clips: [(String, Sidecar.Context, [S])] = [
            ("a", Sidecar.Context(teacher: "Ms Rivera", grade: "4", topic: "Fractions on a number line"),
             [S(code: explain, score: "high", rater: "ana", note: "student explains why the halves are equal"),
              S(code: imprecise, score: "not-present", rater: "ana")]),
            ("b", Sidecar.Context(teacher: "Mr Okafor", grade: "4", topic: "fractions", tags: ["share"]),
             [S(code: explain, score: "mid", rater: "ana"), S(code: explain, score: "low", rater: "bo"),
              S(code: imprecise, score: "high", rater: "bo", note: "calls the numerator the bottom")]),
            ("c", Sidecar.Context(teacher: "Ms Chen", grade: "5", topic: "decimals"),
             [S(code: explain, score: "high", rater: "bo"), S(code: imprecise, score: "low", rater: "bo")]),
            ("d", Sidecar.Context(teacher: "Ms Rivera", grade: "4", topic: "area"),
             [S(code: explain, score: "not-present", rater: "cy"), S(code: imprecise, score: "mid", rater: "cy")]),
            ("e", Sidecar.Context(teacher: "Mr Okafor", grade: "K", topic: "counting", tags: ["launch"]), []),
        ]
        for (name, context, scores) in clips {
            let media = try LibraryFixtures.copy("lesson-noaudio.mp4", into: folder, as: "\(name).mp4")
            try LibraryFixtures.clipSidecar(for: media, label: "clip \(name)", context: context, scores: scores)
        }
        // A 20 s lesson in two 10 s segments: explanations low in segment 1, high in segment 2.
        let lesson = try LibraryFixtures.copy("lesson-noaudio.mp4", into: folder, as: "f.mp4")
        try LibraryFixtures.lessonSidecar(
            for: lesson, duration: 20, segmentLength: 10, context: Sidecar.Context(teacher: "Ms Chen", grade: "5", topic: "ratios"),
            scoresBySegment: [1: [S(code: explain, score: "low", rater: "ana")], 2: [S(code: explain, score: "high", rater: "ana")]])
        let catalog = try site.open()
        let summary = try await LibraryFixtures.ingest(catalog, [folder])
        guard summary.counts.ingested == 6, summary.files.allSatisfy({ $0.warnings.isEmpty }) else {
            throw CatalogError(.database, path: folder.path, message: "fixture did not ingest cleanly: \(summary.files)")
        }
        var ids: [String: Int64] = [:]
        for file in summary.files {
            ids[URL(fileURLWithPath: file.path).deletingPathExtension().lastPathComponent] = file.clipId
        }
        return Library(catalog: catalog, ids: ids)
    }

    /// The hits as "a", "b", ..., with "f1"/"f2" for the lesson's segments.
    static func names(_ result: ClipSearchResult, _ library: Library) -> [String] {
        result.hits.map { hit in
            let name = library.ids.first { $0.value == hit.clipId }?.key ?? "?"
            return name + (hit.segment.map(String.init) ?? "")
        }
    }

    /// Ties keep clip id order: the expected order of `names` among equals.
    static func byID(_ names: [String], _ library: Library) -> [String] {
        names.sorted { (library.ids[String($0.prefix(1))] ?? 0, $0) < (library.ids[String($1.prefix(1))] ?? 0, $1) }
    }

    func search(_ query: ClipQuery) async throws -> (ClipSearchResult, Library) {
        let library = try await Self.library.value
        return (try ClipSearch(catalog: library.catalog).run(query), library)
    }

    @Test func byCodeBestScoreFirstWithLessonSegmentsAsHits() async throws {
        let (result, library) = try await search(ClipQuery(code: "richness.explanations").everyStatus)
        let expected = Self.byID(["a", "c", "f2"], library) + ["b"] + ["f1"] + ["d"]
        #expect(Self.names(result, library) == expected)
        #expect(result.hits.map(\.score) == ["high", "high", "high", "mid", "low", "not-present"])
        #expect(result.hits.first?.scoreLabel != nil)
        // b was scored twice: ranked by its better score, both ratings listed best first.
        let b = try #require(result.hits.first { $0.clipId == library.ids["b"] })
        #expect(b.ratings.map(\.score) == ["mid", "low"])
        #expect(b.ratings.map(\.rater) == ["ana", "bo"])
        // A lesson hit plays its segment; a clip hit the whole clip; every hit has a poster on disk.
        let f2 = try #require(result.hits.first { $0.clipId == library.ids["f"] && $0.segment == 2 })
        #expect(f2.start == 10 && f2.end == 20 && f2.kind == .lesson)
        #expect(b.start == 0 && b.end == 20 && b.sourceStart == 99.5 && b.sourcePath == "/lessons/whole-lesson.mp4")
        for hit in result.hits { #expect(FileManager.default.fileExists(atPath: hit.poster ?? "/nonexistent")) }
        #expect(result.queryMilliseconds > 0)
    }

    @Test func minScoreMeansAtLeastThisGood() async throws {
        let (result, library) = try await search(ClipQuery(code: "richness.explanations", minimumScore: "mid").everyStatus)
        #expect(Self.names(result, library) == Self.byID(["a", "c", "f2"], library) + ["b"])
    }

    @Test func reverseScoredCodesRankLowestFirstAndMinScoreCountsDown() async throws {
        let (all, library) = try await search(ClipQuery(code: "errors.imprecision").everyStatus)
        #expect(Self.names(all, library) == ["a", "c", "d", "b"], "not-present, low, mid, high")
        let (atLeastMid, _) = try await search(ClipQuery(code: "errors.imprecision", minimumScore: "mid").everyStatus)
        #expect(Self.names(atLeastMid, library) == ["a", "c", "d"])
        let (atLeastLow, _) = try await search(ClipQuery(code: "errors.imprecision", minimumScore: "low").everyStatus)
        #expect(Self.names(atLeastLow, library) == ["a", "c"])
        let (best, _) = try await search(ClipQuery(code: "errors.imprecision", minimumScore: "not-present").everyStatus)
        #expect(Self.names(best, library) == ["a"])
    }

    @Test func gradeTopicAndTextFilter() async throws {
        let library = try await Self.library.value
        let search = ClipSearch(catalog: library.catalog)
        let grade4 = try search.run(ClipQuery(code: "richness.explanations", grade: "4").everyStatus)
        #expect(Self.names(grade4, library) == ["a", "b", "d"])
        let gradeK = try search.run(ClipQuery(grade: "k").everyStatus)
        #expect(Self.names(gradeK, library) == ["e"], "grade matches without case")
        let topic = try search.run(ClipQuery(topic: "FRACTION").everyStatus)
        #expect(Self.names(topic, library) == Self.byID(["a", "b"], library))
        let noted = try search.run(ClipQuery(text: "halves").everyStatus)
        #expect(Self.names(noted, library) == ["a"], "annotation notes are searched")
        let prefix = try search.run(ClipQuery(text: "numer").everyStatus)
        #expect(Self.names(prefix, library) == ["b"], "word prefixes match")
        let tag = try search.run(ClipQuery(text: "launch").everyStatus)
        #expect(Self.names(tag, library) == ["e"], "tags are searched")
        let teacher = try search.run(ClipQuery(code: "richness.explanations", text: "rivera").everyStatus)
        #expect(Self.names(teacher, library) == ["a", "d"])
        let none = try search.run(ClipQuery(code: "richness.explanations", grade: "4", topic: "decimals").everyStatus)
        #expect(none.hits.isEmpty)
        let everything = try search.run(ClipQuery().everyStatus)
        #expect(everything.hits.count == 6)
        #expect(everything.hits.allSatisfy { $0.code == nil && $0.ratings.isEmpty })
    }

    @Test func limitKeepsTheBestInOrder() async throws {
        let (all, library) = try await search(ClipQuery(code: "richness.explanations").everyStatus)
        for limit in 1...4 {
            let (limited, _) = try await search(ClipQuery(code: "richness.explanations", limit: limit).everyStatus)
            #expect(Self.names(limited, library) == Array(Self.names(all, library).prefix(limit)))
        }
    }

    @Test("queries the codebook cannot answer are refused", arguments: [
        ClipQuery(code: "richness.nonsense").everyStatus,
        ClipQuery(code: "richness.explanations", minimumScore: "great").everyStatus,
        ClipQuery(code: "errors.imprecision", minimumScore: "3").everyStatus,
        ClipQuery(minimumScore: "mid").everyStatus,
        ClipQuery(limit: 0).everyStatus,
        ClipQuery(text: "  !! ").everyStatus,
    ])
    func invalidQueries(query: ClipQuery) async throws {
        let library = try await Self.library.value
        #expect(throws: CatalogError.self) { try ClipSearch(catalog: library.catalog).run(query) }
        do {
            _ = try ClipSearch(catalog: library.catalog).run(query)
        } catch {
            #expect(error.kind == .invalidQuery, "\(error)")
        }
    }

    @Test func showGivesTheClipItsAnnotationsEvidenceAndPictures() async throws {
        let library = try await Self.library.value
        let details = try library.catalog.clipDetails(id: try #require(library.ids["b"]))
        #expect(details.clip.label == "clip b")
        #expect(details.clip.teacher == "Mr Okafor" && details.tags == ["share"])
        #expect(details.annotations.map(\.annotation.score) == ["mid", "low", "high"])
        #expect(details.annotations.allSatisfy { $0.evidence.map(\.time) == [1] })
        #expect(details.thumbnails.count == 10, "one per keyframe of the 20 s sample")
        #expect(details.thumbnails.allSatisfy { FileManager.default.fileExists(atPath: $0.file) && $0.width == 320 })
        let lesson = try library.catalog.clipDetails(id: try #require(library.ids["f"]))
        #expect(lesson.segments.map(\.number) == [1, 2])
        #expect(throws: CatalogError.self) { try library.catalog.clipDetails(id: 999_999) }
    }
}

extension ClipQuery {
    /// These tests are about ranking and filters, not sharing: they search every status.
    var everyStatus: ClipQuery {
        var query = self
        query.allStatuses = true
        return query
    }
}
