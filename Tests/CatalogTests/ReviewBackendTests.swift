@testable import Catalog
import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// The review workflow's catalog side on each backend: the sidecar is the record (saved by
/// `ReviewStore`), the catalog mirrors it transactionally with the same revision rule (never
/// replace a newer revision), and the queue, the reviewable clips, sharing and agreement
/// read the same from SQLite and PostgreSQL.
@Suite("review mirror on both catalog backends")
struct ReviewBackendTests {
    typealias S = LibraryFixtures.Score

    struct Outcome {
        var clips: [String]
        var queueAfterSubmit: [ReviewQueueEntry]
        var queueAfterRequest: [ReviewQueueEntry]
        var queueAfterAccept: [ReviewQueueEntry]
        var everySet: [ReviewQueueEntry]
        var afterStaleMirror: [ReviewQueueEntry]
        var refreshProblems: Int
        var sharingRows: Int
        var agreement: AgreementReport
    }

    static func scenario(_ catalog: OpenedCatalog, _ site: LibraryFixtures.Site) throws -> Outcome {
        let mqi = try Codebook.mqi
        let clips = try catalog.reviewableClips()
        let b = try #require(clips.first { $0.label == "clip b" })
        let url = URL(fileURLWithPath: b.sidecarPath)
        func mirror(_ saved: Sidecar) throws {
            let id = try #require(try catalog.clipID(forSidecar: b.sidecarPath))
            try catalog.mirrorReview(clipID: id, sidecar: saved)
        }
        let submitted = try ReviewStore.perform(.submit, at: url, by: "ana", codebook: mqi).sidecar
        try mirror(submitted)
        let afterSubmit = try catalog.reviewQueue()
        try mirror(try ReviewStore.perform(.requestChanges, at: url, by: "bo", comment: "say which moment", codebook: mqi).sidecar)
        let afterRequest = try catalog.reviewQueue()
        try mirror(try ReviewStore.perform(.submit, at: url, by: "ana", codebook: mqi).sidecar)
        let accepted = try ReviewStore.perform(.accept, at: url, by: "bo", codebook: mqi).sidecar
        try mirror(accepted)
        let afterAccept = try catalog.reviewQueue()
        // A save that mirrors late (an older revision) leaves the newer rows alone.
        try mirror(submitted)
        let afterStale = try catalog.reviewQueue(states: ReviewState.allCases)
        let problems = try catalog.refreshReviewMirror().count
        let shared = try catalog.setSharing(sidecarPath: b.sidecarPath, .coaching)
        var ratings: [Rating] = []
        for clip in clips { ratings += try SidecarStore.read(URL(fileURLWithPath: clip.sidecarPath)).ratings }
        return Outcome(clips: clips.map(\.label), queueAfterSubmit: afterSubmit, queueAfterRequest: afterRequest,
                       queueAfterAccept: afterAccept, everySet: try catalog.reviewQueue(states: ReviewState.allCases),
                       afterStaleMirror: afterStale, refreshProblems: problems, sharingRows: shared,
                       agreement: try AgreementReport.compute(ratings, codebook: mqi))
    }

    @Test("submit, request changes, accept, the queue, sharing and agreement", arguments: CatalogBackend.allCases)
    func reviewWorkflow(_ backend: CatalogBackend) async throws {
        if backend == .postgres, PostgresTestServer.skips("reviewWorkflow") { return }
        let site = try LibraryFixtures.site("review-\(backend)")
        defer { site.remove() }
        try PostgresCatalogTests.makeLibrary(site)
        let catalog = try await PostgresCatalogTests.open(backend, site, label: "review")
        let result: Result<Outcome, any Error>
        do {
            _ = try await PostgresCatalogTests.ingest(catalog, site)
            let opened = catalog
            result = await Task.detached { Result { try Self.scenario(opened, site) } }.value
        } catch {
            result = .failure(error)
        }
        await catalog.close()
        let outcome = try result.get()

        #expect(outcome.clips == ["clip a", "clip b", "clip c"])
        #expect(outcome.queueAfterSubmit.map(\.label) == ["clip b"])
        #expect(outcome.queueAfterSubmit.first?.state == .submitted && outcome.queueAfterSubmit.first?.submittedBy == "ana")
        #expect(outcome.queueAfterRequest.first?.state == .changesRequested)
        #expect(outcome.queueAfterRequest.first?.lastComment == "say which moment")
        #expect(outcome.queueAfterAccept.isEmpty, "an accepted set waits for no one")
        #expect(outcome.everySet.map(\.state) == [.accepted])
        #expect(outcome.afterStaleMirror == outcome.everySet, "an older revision never replaces a newer one's rows")
        #expect(outcome.refreshProblems == 0)
        #expect(outcome.sharingRows == 1)
        let code = try #require(outcome.agreement.codes.first { $0.code == "richness.explanations" })
        #expect(code.figures.items == 1 && code.figures.exact == 0 && code.figures.adjacent == 1)
    }

    /// Raters saving one clip at once through two servers: each save's mirror is applied whole,
    /// one after the other; the catalog ends with the last revision's rows.
    @Test("concurrent mirrors of one clip end with the newest revision", arguments: CatalogBackend.allCases)
    func concurrentMirrors(_ backend: CatalogBackend) async throws {
        if backend == .postgres, PostgresTestServer.skips("concurrentMirrors") { return }
        let site = try LibraryFixtures.site("review-race-\(backend)")
        defer { site.remove() }
        try PostgresCatalogTests.makeLibrary(site)
        let catalog = try await PostgresCatalogTests.open(backend, site, label: "reviewrace")
        let result: Result<(Int, [ReviewQueueEntry]), any Error>
        do {
            _ = try await PostgresCatalogTests.ingest(catalog, site)
            let opened = catalog
            result = await Task.detached {
                Result {
                    let mqi = try Codebook.mqi
                    let clip = try #require(try opened.reviewableClips().first { $0.label == "clip b" })
                    let url = URL(fileURLWithPath: clip.sidecarPath)
                    var versions: [Sidecar] = []
                    for index in 0..<8 {
                        let action: ReviewAction = index % 2 == 0 ? .submit : .requestChanges
                        versions.append(try ReviewStore.perform(action, at: url, by: index % 2 == 0 ? "ana" : "bo",
                                                                comment: "round \(index)", codebook: mqi).sidecar)
                    }
                    let shuffled = versions.shuffled()
                    DispatchQueue.concurrentPerform(iterations: shuffled.count) { index in
                        try? opened.mirrorReview(clipID: clip.id, sidecar: shuffled[index])
                    }
                    return (versions.last?.revision ?? 0, try opened.reviewQueue(states: ReviewState.allCases))
                }
            }.value
        } catch {
            result = .failure(error)
        }
        await catalog.close()
        let (newest, queue) = try result.get()
        #expect(queue.count == 1)
        #expect(queue.first?.state == .changesRequested && queue.first?.lastComment == "round 7",
                "the newest revision (\(newest)) is what the catalog holds: \(queue)")
    }
}
