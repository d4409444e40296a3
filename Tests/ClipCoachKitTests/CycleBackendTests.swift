import Catalog
import ClipCoachCore
import ClipCoachKit
import Foundation
import Testing
import TestSupport

/// A whole coaching cycle on each catalog backend: the same workflows (CycleStart,
/// CycleSuggest, CyclePick cutting SampleMedia/lesson.mp4, notes, plan, close, the packet)
/// give the same cycle on SQLite and on PostgreSQL. The PostgreSQL variant needs
/// CLIPCOACH_TEST_PG (Scripts/test.sh starts a private server).
@Suite("coaching cycle on both catalog backends")
struct CycleBackendTests {
    typealias F = CycleCatalogFixtures

    /// What a run of the scenario leaves, for the expectations (the same on both backends).
    struct Outcome {
        var stock: Int64
        var weaker: Int64
        var suggestions: CycleSuggestions
        var picked: CoachingCycle
        var closed: CoachingCycle
        var stored: CoachingCycle
        var packetPage: URL
        var second: CycleStart.Started
        var used: [String: Int]
        var byTeacher: [Int]
        var staleSave: CycleStoreError?
        var brokenRule: CycleStoreError?
        var defaultFolder: URL
    }

    static func scenario(_ catalog: OpenedCatalog, folder: URL) throws -> Outcome {
        let codebook = try Codebook.mqi
        let store = CycleStore(catalog: catalog)
        // The library clip's video exists: the packet copies it.
        let stockMedia = folder.appendingPathComponent("Stock-talk.mp4")
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson-noaudio.mp4"), toPath: stockMedia.path)
        let stock = try F.add(.init(label: "Stock talk", duration: 40, scores: [("richness.explanations", "high", 3)],
                                    mediaPath: stockMedia.path), to: catalog)
        let weaker = try F.add(.init(label: "Weaker", duration: 40, scores: [("richness.explanations", "mid", 2)]), to: catalog)
        let lesson = Fixtures.sample("lesson.mp4")

        let started = try CycleStart(store: store, codebook: codebook, teacher: "Ms R", lessonPath: lesson,
                                     focusCodes: ["richness.explanations"], grade: "4").run()
        let suggestions = try CycleSuggest(store: store, codebook: codebook).run(cycleID: started.cycle.id)
        let brokenRule = Self.storeError { () throws(CycleStoreError) in
            try store.update(id: started.cycle.id) { (cycle: inout CoachingCycle) throws(CycleError) in try cycle.close() }
        }
        // The default clip folder: beside an SQLite catalog, in a PostgreSQL catalog's media folder.
        let picked = try CyclePick(store: store, codebook: codebook, cycleID: started.cycle.id,
                                   teacherClips: [ClipWindow(start: 5, end: 40), ClipWindow(start: 60, end: 100)],
                                   libraryClipIDs: [String(stock)]).run()
        for clip in 1...3 {
            try store.update(id: picked.id) { (cycle: inout CoachingCycle) throws(CycleError) in
                try cycle.writeNote(ClipNote(clip: clip, describe: "d\(clip)", elevate: "e\(clip)", nextSteps: "n\(clip)"))
            }
        }
        try store.update(id: picked.id) { (cycle: inout CoachingCycle) throws(CycleError) in
            try cycle.setPlan(ActionPlan(goals: ["Ask why"], nextFocusCodes: ["errors.imprecision"]), codebook: codebook)
        }
        // A save made on a read that someone else's save overtook is refused.
        let staleSave = Self.storeError { () throws(CycleStoreError) in try store.replace(picked) }
        let closed = try store.update(id: picked.id) { (cycle: inout CoachingCycle) throws(CycleError) in try cycle.close() }
        let packet = try CyclePacketExport(cycle: closed, codebook: codebook,
                                           outputFolder: folder.appendingPathComponent("packet")).run(now: "2026-12-02T12:00:00.000Z")
        // The next cycle starts from this one's next focus, found under another spelling of the name.
        let second = try CycleStart(store: store, codebook: codebook, teacher: "ms r", lessonPath: lesson, focusCodes: []).run()
        return Outcome(
            stock: stock, weaker: weaker, suggestions: suggestions, picked: picked, closed: closed,
            stored: try store.cycle(id: picked.id), packetPage: packet.page, second: second,
            used: try store.usedLibraryClips(teacher: "MS R", excluding: second.cycle.id),
            byTeacher: try store.cycles(teacher: "Ms R").map(\.id), staleSave: staleSave, brokenRule: brokenRule,
            defaultFolder: CyclePick.defaultFolder(catalog: catalog, cycleID: picked.id))
    }

    static func storeError(_ body: () throws(CycleStoreError) -> Any) -> CycleStoreError? {
        do { _ = try body() } catch { return error }
        return nil
    }

    @Test("new, suggest, pick, note, plan, close, export", arguments: CatalogBackend.allCases)
    func wholeCycle(_ backend: CatalogBackend) async throws {
        if backend == .postgres, PostgresTestServer.skips("wholeCycle") { return }
        let folder = try Fixtures.temporaryFolder("cycle-\(backend)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = try await F.open(backend, folder, label: "cycle")
        let result = Result { try Self.scenario(catalog, folder: folder) }
        await catalog.close()
        let outcome = try result.get()

        #expect(outcome.suggestions.libraryClips.map(\.clipID) == [String(outcome.stock), String(outcome.weaker)],
                "the higher score first")
        #expect(outcome.brokenRule == .rule(.closingNeedsPlan(state: .planned)))
        #expect(outcome.picked.state == .clipsChosen && outcome.picked.revision == 2)
        #expect(outcome.picked.teacherClips.first?.actual?.start == 4, "a copy cut starts on the keyframe at or before 5 s")
        let expectedFolder = backend == .sqlite ? folder.appendingPathComponent("library.cycles/cycle-1")
            : folder.appendingPathComponent("pg.media/cycles/cycle-1")
        #expect(outcome.defaultFolder.standardizedFileURL.path == expectedFolder.standardizedFileURL.path)
        for clip in outcome.picked.teacherClips {
            let media = try #require(clip.files.media)
            #expect(media.hasPrefix(expectedFolder.standardizedFileURL.path) && FileManager.default.fileExists(atPath: media))
        }
        #expect(outcome.staleSave == .changedMeanwhile(id: 1))
        #expect(outcome.stored == outcome.closed)
        #expect(outcome.stored.state == .closed && outcome.stored.revision == 7)
        #expect(outcome.stored.libraryClip?.clipID == String(outcome.stock))
        #expect(outcome.stored.libraryClip?.label == "Stock talk")
        #expect(outcome.stored.notes.map(\.nextSteps) == ["n1", "n2", "n3"])
        #expect(outcome.stored.plan?.goals == ["Ask why"])
        #expect(FileManager.default.fileExists(atPath: outcome.packetPage.path))
        #expect(outcome.second.cycle.id == 2)
        #expect(outcome.second.focusFrom == 1 && outcome.second.cycle.focusCodes == ["errors.imprecision"])
        #expect(outcome.second.cycle.previousCycleID == 1 && outcome.second.cycle.grade == "4")
        #expect(outcome.used == [String(outcome.stock): 1])
        #expect(outcome.byTeacher == [1, 2])
    }

    /// Two coaches saving notes on one cycle at once: each change is applied to the other's
    /// saved version (the transaction holds the cycle), none is lost.
    @Test("concurrent notes on one cycle are all kept", arguments: CatalogBackend.allCases)
    func concurrentNotes(_ backend: CatalogBackend) async throws {
        if backend == .postgres, PostgresTestServer.skips("concurrentNotes") { return }
        let folder = try Fixtures.temporaryFolder("cycle-race-\(backend)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = try await F.open(backend, folder, label: "race")
        let store = CycleStore(catalog: catalog)
        let outcome = await Task.detached { () -> Result<CoachingCycle, any Error> in
            Result {
                let stock = try F.add(.init(label: "Stock", duration: 40, scores: [("richness.explanations", "high", 3)]), to: catalog)
                var cycle = try F.planned(store)
                let facts = try store.libraryClips(ids: [String(stock)])
                cycle = try store.update(id: cycle.id) { (cycle: inout CoachingCycle) throws(CycleError) in
                    try cycle.chooseClips(teacher: [.init(window: ClipWindow(start: 4, end: 40), sourceFingerprint: F.lesson.fingerprint),
                                                    .init(window: ClipWindow(start: 60, end: 100), sourceFingerprint: F.lesson.fingerprint)],
                                          library: [String(stock)], catalog: facts, ownLessonFingerprints: [])
                }
                let id = cycle.id
                DispatchQueue.concurrentPerform(iterations: 12) { index in
                    _ = try? store.update(id: id) { (cycle: inout CoachingCycle) throws(CycleError) in
                        let clip = index % 3 + 1
                        let previous = cycle.note(for: clip)?.describe ?? ""
                        try cycle.writeNoteParts(clip: clip, describe: previous + "[\(index)]", elevate: "e", nextSteps: "n")
                    }
                }
                return try store.cycle(id: id)
            }
        }.value
        await catalog.close()
        let cycle = try outcome.get()
        #expect(cycle.revision == 2 + 12, "every save counted once")
        let marks = cycle.notes.flatMap { note in note.describe.split(separator: "[").map { $0.dropLast() } }
        #expect(Set(marks) == Set((0..<12).map { Substring(String($0)) }), "\(cycle.notes.map(\.describe))")
    }
}
