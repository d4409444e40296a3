import Catalog
import ClipCoachCore
import Foundation
import Media
import Testing
import TestSupport

/// Ingest on real media: what fails and why, idempotence, changed, deleted and returning files.
@Suite("library ingest", .serialized)
struct CatalogIngestTests {
    /// Files nothing can probe, made in the test.
    static func writeBadFiles(into folder: URL) throws -> [String: IngestFailure.Kind] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files: [(String, Data, IngestFailure.Kind)] = [
            ("plan.mp4", Data("this is a lesson plan, not a video\n".utf8), .notMedia),
            ("noise.mkv", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }), .notMedia),
            ("empty.mov", Data(), .notMedia),
        ]
        var expected: [String: IngestFailure.Kind] = [:]
        for (name, data, kind) in files {
            let url = folder.appendingPathComponent(name)
            try data.write(to: url)
            expected[url.path] = kind
        }
        return expected
    }

    /// The studio's two steps for a clip it just cut: catalogued at once with the poster the cut
    /// chose (no decoding) and no thumbnails, then the thumbnails made by a run that redoes the
    /// pictures of the (unchanged) file, keeping its ids.
    @Test func aKnownPosterIsTakenAsItIsAndThumbnailsCanComeLater() async throws {
        let site = try LibraryFixtures.site("catalog-known-poster")
        defer { site.remove() }
        let video = try LibraryFixtures.copy("lesson.mp4", into: site.library, as: "clip.mp4")
        let catalog = try site.open()
        // A poster the ingest could never choose for this file: a picture of another video.
        let known = try Poster.choose(path: Fixtures.sample("lesson-vp9.mkv"), start: 0, end: .infinity, width: 640)
        let own = try Poster.choose(path: video.path, start: 0, end: .infinity, width: 640)
        try #require(own.jpeg != known.jpeg)
        var quick = IngestOptions()
        quick.knownPosters = [video.path: known]
        quick.makeThumbnails = false
        let first = try await LibraryIngest(catalog: catalog, folders: [site.library.path], options: quick).run()
        #expect(first.counts.ingested == 1)
        let id = try #require(try ClipSearch(catalog: catalog).run(ClipQuery().everyStatus).hits.first?.clipId)
        let listed = try catalog.clipDetails(id: id)
        #expect(listed.thumbnails.isEmpty, "no thumbnails yet")
        let poster = try #require(listed.poster)
        #expect(try Data(contentsOf: URL(fileURLWithPath: poster)) == known.jpeg, "the known poster, as it is")

        var later = IngestOptions(maxThumbnails: 8)
        later.knownPosters = quick.knownPosters
        #expect(try await LibraryIngest(catalog: catalog, folders: [site.library.path], options: later).run().counts.unchanged == 1,
                "an unchanged file is left alone unless its pictures are to be made again")
        later.redoPictures = true
        let second = try await LibraryIngest(catalog: catalog, folders: [site.library.path], options: later).run()
        #expect(second.counts.ingested == 1)
        let whole = try catalog.clipDetails(id: id)
        #expect(!whole.thumbnails.isEmpty && whole.thumbnails.count <= 8, "\(whole.thumbnails.count) thumbnails")
        #expect(whole.thumbnails.allSatisfy { FileManager.default.fileExists(atPath: $0.file) })
        #expect(try Data(contentsOf: URL(fileURLWithPath: try #require(whole.poster))) == known.jpeg)
    }

    @Test func samplesIngestAndProbeFailuresAreReportedWithReasons() async throws {
        let site = try LibraryFixtures.site("catalog-samples")
        defer { site.remove() }
        let bad = try Self.writeBadFiles(into: site.library.appendingPathComponent("bad"))
        let catalog = try site.open()
        let summary = try await LibraryFixtures.ingest(catalog, [Fixtures.sampleMediaFolder, site.library], jobs: 2)

        let samples = Fixtures.sampleMedia
        #expect(summary.counts.ingested == samples.count, "\(summary.files)")
        #expect(summary.counts.failed == bad.count)
        for path in samples {
            #expect(LibraryFixtures.outcome(of: path, in: summary)?.outcome == .ingested, "\(path)")
        }
        for (path, kind) in bad {
            let result = try #require(LibraryFixtures.outcome(of: path, in: summary), "\(path) not reported")
            #expect(result.outcome == .failed)
            #expect(result.failure?.kind == kind, "\(path): \(String(describing: result.failure))")
            #expect(result.failure?.message.isEmpty == false)
        }
        // Every ingested video has its poster and thumbnails on disk.
        let stats = try catalog.stats()
        #expect(stats.videos["present"] == samples.count)
        #expect(stats.thumbnails >= samples.count)
        for hit in try ClipSearch(catalog: catalog).run(ClipQuery(limit: 100).everyStatus).hits {
            let poster = try #require(hit.poster)
            #expect(FileManager.default.fileExists(atPath: poster), "\(hit.file): no poster at \(poster)")
        }
        // The truncated sample still ingests: its header is readable and it has pictures.
        let truncated = try #require(LibraryFixtures.outcome(of: Fixtures.sample("lesson-truncated.mp4"), in: summary))
        #expect(truncated.outcome == .ingested)
        // The last run's failures are in the log with their reasons.
        #expect(stats.lastRun?.failures.count == bad.count)
        #expect(stats.lastRun?.failures.allSatisfy { $0.reason?.isEmpty == false } == true)
    }

    @Test(.enabled(if: Fixtures.corpusAvailable, "../shared/corpus is absent: the real-world corpus part is skipped"))
    func corpusIngestsExceptTheAudioOnlyFileAndASecondRunChangesNothing() async throws {
        let site = try LibraryFixtures.site("catalog-corpus")
        defer { site.remove() }
        let catalog = try site.open()
        let folders = [Fixtures.sampleMediaFolder, Fixtures.corpusFolder]
        let first = try await LibraryFixtures.ingest(catalog, folders, jobs: 2)

        // Paths are reported as catalogued: absolute, symlinks resolved.
        let audioOnly = URL(fileURLWithPath: Fixtures.corpusFile("mb_beach-party.ogg")).resolvingSymlinksInPath().path
        let failed = try #require(LibraryFixtures.outcome(of: audioOnly, in: first))
        #expect(failed.outcome == .failed)
        #expect(failed.failure?.kind == .noVideo)
        #expect(failed.failure?.message.contains("no video stream") == true, "\(String(describing: failed.failure))")
        // Whatever else fails must say why; what FFmpeg can show us must ingest.
        for result in first.failures where result.path != audioOnly {
            Issue.record("\(result.path) failed: \(String(describing: result.failure))")
        }
        let all = Fixtures.sampleMedia + Fixtures.corpus
        #expect(first.counts.ingested == all.count - 1)
        #expect(first.counts.failed == 1)

        // Second run: no media work, not one row different (the log gains only this run's lines).
        let before = try CatalogDump.lines(of: catalog, mode: .exact)
        let logBefore = try CatalogDump.logLines(of: catalog)
        let mediaBefore = LibraryFixtures.mediaFiles(of: catalog)
        let second = try await LibraryFixtures.ingest(catalog, folders, jobs: 2)
        // The log keeps the first run's lines as they were and gains only the second run's.
        let logAfter = try CatalogDump.logLines(of: catalog)
        #expect(Set(logBefore).isSubset(of: Set(logAfter)))
        let added = Set(logAfter).subtracting(logBefore)
        #expect(added.count == all.count + 1, "one run row and one line per file")
        #expect(added.allSatisfy { $0.contains(second.runId) }, "\(added)")
        #expect(second.counts.unchanged == all.count - 1)
        #expect(second.counts.ingested == 0)
        #expect(second.counts.failed == 1)
        #expect(second.counts.missing == 0)
        #expect(try CatalogDump.lines(of: catalog, mode: .exact) == before)
        #expect(LibraryFixtures.mediaFiles(of: catalog) == mediaBefore, "media files were rewritten")
        #expect(try catalog.stats().lastRun?.run.unchanged == all.count - 1)
    }

    @Test func aChangedFileIsReingestedAloneKeepingItsIdAndADeletedOneIsMarkedMissing() async throws {
        let site = try LibraryFixtures.site("catalog-changes")
        defer { site.remove() }
        let library = site.library
        let a = try LibraryFixtures.copy("lesson-noaudio.mp4", into: library, as: "a.mp4")
        let b = try LibraryFixtures.copy("lesson-vp9.mkv", into: library, as: "b.mkv")
        let c = try LibraryFixtures.copy("lesson-rotated.mp4", into: library.appendingPathComponent("sub"), as: "c.mp4")
        let catalog = try site.open()
        let first = try await LibraryFixtures.ingest(catalog, [library])
        #expect(first.counts.ingested == 3)
        let ids = Dictionary(uniqueKeysWithValues: first.files.map { ($0.path, $0.clipId) })
        let dumpBefore = try CatalogDump.lines(of: catalog, mode: .exact)
        let mediaBefore = LibraryFixtures.mediaFiles(of: catalog)

        // Replace a's content with another sample: only a is re-ingested, under the same ids.
        try FileManager.default.removeItem(at: a)
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson-vfr.mp4"), toPath: a.path)
        let second = try await LibraryFixtures.ingest(catalog, [library])
        #expect(second.counts.ingested == 1 && second.counts.unchanged == 2, "\(second.files)")
        #expect(LibraryFixtures.outcome(of: a.path, in: second)?.outcome == .ingested)
        #expect(LibraryFixtures.outcome(of: a.path, in: second)?.clipId == ids[a.path] ?? nil)
        let details = try catalog.clipDetails(id: try #require(ids[a.path] ?? nil))
        #expect(details.video.duration.map { abs($0 - 30) < 0.1 } == true, "still the old video's facts")
        #expect(details.video.keyframeCount == 15)
        // Rows of b and c are exactly as they were; a's old media folder is gone.
        let dumpAfter = try CatalogDump.lines(of: catalog, mode: .exact)
        for line in dumpBefore where line.contains(b.path) || line.contains(c.path) { #expect(dumpAfter.contains(line), "changed: \(line)") }
        let mediaAfter = LibraryFixtures.mediaFiles(of: catalog)
        let oldFolder = try #require(mediaBefore.keys.first { $0.hasSuffix("poster.jpg") && !mediaAfter.keys.contains($0) })
        #expect(!FileManager.default.fileExists(atPath: catalog.mediaPath(oldFolder)))
        for (file, date) in mediaBefore where mediaAfter[file] != nil { #expect(mediaAfter[file] == date, "rewritten: \(file)") }

        // Appending bytes changes size and fingerprint: re-ingested again.
        try LibraryFixtures.append(1000, to: b)
        let third = try await LibraryFixtures.ingest(catalog, [library])
        #expect(third.counts.ingested == 1 && LibraryFixtures.outcome(of: b.path, in: third)?.outcome == .ingested)
        #expect(LibraryFixtures.outcome(of: b.path, in: third)?.clipId == ids[b.path] ?? nil)

        // Delete c: marked missing, kept, not searched.
        try FileManager.default.removeItem(at: c)
        let fourth = try await LibraryFixtures.ingest(catalog, [library])
        #expect(fourth.counts.missing == 1 && fourth.counts.unchanged == 2)
        let cID = try #require(ids[c.path] ?? nil)
        #expect(try catalog.clipDetails(id: cID).video.status == .missing)
        #expect(try ClipSearch(catalog: catalog).run(ClipQuery().everyStatus).hits.map(\.clipId).contains(cID) == false)
        // A second run does not report it again; ingesting another folder does not touch it.
        #expect(try await LibraryFixtures.ingest(catalog, [library]).counts.missing == 0)

        // Back in place: present again with the same id, and no media work (same content).
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson-rotated.mp4"), toPath: c.path)
        let fifth = try await LibraryFixtures.ingest(catalog, [library])
        #expect(LibraryFixtures.outcome(of: c.path, in: fifth)?.clipId == cID)
        #expect(try catalog.clipDetails(id: cID).video.status == .present)
    }

    @Test func anEditedSidecarIsReReadWithoutMediaWorkKeepingAnnotationIds() async throws {
        let site = try LibraryFixtures.site("catalog-sidecar")
        defer { site.remove() }
        let clip = try LibraryFixtures.copy("lesson-noaudio.mp4", into: site.library, as: "launch.mp4")
        try LibraryFixtures.clipSidecar(for: clip, label: "Launch", context: Sidecar.Context(grade: "4", topic: "fractions"),
                                        scores: [.init(code: "richness.explanations", score: "mid", rater: "ana")])
        let catalog = try site.open()
        let first = try await LibraryFixtures.ingest(catalog, [site.library])
        let clipID = try #require(first.files.first?.clipId)
        let before = try catalog.clipDetails(id: clipID)
        #expect(before.clip.kind == .clip && before.clip.label == "Launch" && before.annotations.count == 1)
        let mediaBefore = LibraryFixtures.mediaFiles(of: catalog)

        let mqi = try Codebook.mqi
        try SidecarStore.update(at: LibraryFixtures.sidecarURL(for: clip), codebook: mqi) { sidecar throws(SidecarError) in
            try sidecar.add(Sidecar.Annotation(code: "errors.imprecision", score: "low", rater: "bo"), codebook: mqi)
            sidecar.context.topic = "equivalent fractions"
        }
        let second = try await LibraryFixtures.ingest(catalog, [site.library])
        #expect(second.counts.ingested == 1)
        let after = try catalog.clipDetails(id: clipID)
        #expect(after.annotations.count == 2)
        #expect(after.annotations.first?.annotation.id == before.annotations.first?.annotation.id)
        #expect(after.clip.topic == "equivalent fractions")
        #expect(LibraryFixtures.mediaFiles(of: catalog) == mediaBefore, "a sidecar edit redid the media work")
        #expect(try ClipSearch(catalog: catalog).run(ClipQuery(text: "equivalent").everyStatus).hits.map(\.clipId) == [clipID])
    }

    @Test func leftoversOfAKilledRunAreCleanedAndUnreferencedFoldersRemoved() async throws {
        let site = try LibraryFixtures.site("catalog-leftovers")
        defer { site.remove() }
        try LibraryFixtures.copy("lesson-noaudio.mp4", into: site.library, as: "a.mp4")
        let catalog = try site.open()
        _ = try await LibraryFixtures.ingest(catalog, [site.library])
        let media = URL(fileURLWithPath: catalog.mediaFolder)
        let kept = LibraryFixtures.mediaFiles(of: catalog)
        let posterFolder = try #require(kept.keys.first { $0.hasSuffix("/poster.jpg") }).split(separator: "/").dropLast()
            .joined(separator: "/")
        // What a SIGKILL can leave: a temporary poster, a thumbnail staging folder, a whole
        // folder written for a file whose transaction never committed.
        let orphan = media.appendingPathComponent("ab/abababababababab-01234567")
        try FileManager.default.createDirectory(at: orphan, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: orphan.appendingPathComponent("poster.jpg"))
        try Data("x".utf8).write(to: media.appendingPathComponent(posterFolder + "/.poster.jpg.partial-1-2"))
        try FileManager.default.createDirectory(at: media.appendingPathComponent(posterFolder + "/thumbs/.clipcoach-staging-1-2"),
                                                withIntermediateDirectories: true)
        // A new modification time with the same content: re-ingested into the same folder.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)],
                                              ofItemAtPath: site.library.appendingPathComponent("a.mp4").path)
        let rerun = try await LibraryFixtures.ingest(catalog, [site.library])
        #expect(rerun.counts.ingested == 1)
        #expect(!FileManager.default.fileExists(atPath: orphan.path))
        #expect(LibraryFixtures.mediaFiles(of: catalog).keys.contains(posterFolder + "/poster.jpg"))
        let names = LibraryFixtures.mediaFiles(of: catalog).keys
        #expect(names.allSatisfy { !$0.split(separator: "/").contains { $0.hasPrefix(".") && $0 != ".ingest.lock" } }, "\(names)")
    }
}
