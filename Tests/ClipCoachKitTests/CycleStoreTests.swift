import Catalog
import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// Coaching cycles stored in the catalog: whole versions, rules enforced in the transaction.
@Suite("coaching cycle store")
struct CycleStoreTests {
    typealias F = CycleCatalogFixtures

    func window(_ start: Double, _ end: Double, _ fingerprint: String = F.lesson.fingerprint) -> CycleRules.TeacherWindow {
        CycleRules.TeacherWindow(window: ClipWindow(start: start, end: end), sourceFingerprint: fingerprint)
    }

    /// A catalog from before the current name key: the migration recomputes the stored keys,
    /// so the teacher's cycles are found under any spelling of the name.
    @Test func oldTeacherKeysAreRecomputedByTheMigration() throws {
        let folder = try Fixtures.temporaryFolder("cycle-store-keys")
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = try F.catalog(folder)
        let store = CycleStore(catalog: catalog)
        let planned = try F.planned(store)
        let teacher = planned.teacher
        // What an older ClipCoach stored: the key as typed, and no record of the v5 step.
        try catalog.database.write { db in
            try db.execute(sql: "UPDATE coaching_cycle SET teacher = ?, teacher_key = ? WHERE id = ?",
                           arguments: [teacher + "\u{200B}", teacher + "\u{200B}", planned.id])
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v5-teacher-keys'")
        }
        #expect(try store.cycles(teacher: teacher).isEmpty, "the old key does not match the new normalisation")
        let reopenedCatalog = try CatalogDatabase(path: catalog.path, mustExist: true)
        let reopened = CycleStore(catalog: reopenedCatalog)
        #expect(try reopened.cycles(teacher: teacher).map(\.id) == [planned.id])
        #expect(try reopened.cycles(teacher: teacher.uppercased()).map(\.id) == [planned.id])
        let key = try reopenedCatalog.database.read { db in
            try String.fetchOne(db, sql: "SELECT teacher_key FROM coaching_cycle WHERE id = ?", arguments: [planned.id])
        }
        #expect(key == PersonName.key(teacher))
    }

    @Test func aWholeCycleRoundTrips() throws {
        let folder = try Fixtures.temporaryFolder("cycle-store")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = CycleStore(catalog: try F.catalog(folder))
        let stock = try F.add(.init(label: "Stock talk", scores: [("richness.explanations", "high", 3)]), to: store.catalog)
        let planned = try F.planned(store)
        #expect(planned.id == 1 && planned.revision == 1)
        #expect(try store.cycle(id: 1) == planned)

        let found = try store.libraryClips(ids: [String(stock)])
        try store.update(id: 1) { (cycle: inout CoachingCycle) throws(CycleError) in
            try cycle.chooseClips(teacher: [window(4, 40), window(60, 100)], library: [String(stock)], catalog: found,
                                  ownLessonFingerprints: [])
        }
        for clip in 1...3 {
            try store.update(id: 1) { (cycle: inout CoachingCycle) throws(CycleError) in
                try cycle.writeNote(ClipNote(clip: clip, describe: "d\(clip)", elevate: "e\(clip)", nextSteps: "n\(clip)"))
            }
        }
        let mqi = try Codebook.mqi
        try store.update(id: 1) { (cycle: inout CoachingCycle) throws(CycleError) in
            try cycle.setPlan(ActionPlan(goals: ["Ask why", "Wait time"], nextFocusCodes: ["errors.imprecision", "richness.language"]),
                              codebook: mqi)
        }
        let closed = try store.update(id: 1) { (cycle: inout CoachingCycle) throws(CycleError) in try cycle.close() }
        let stored = try store.cycle(id: 1)
        #expect(stored == closed)
        #expect(stored.revision == 7)
        #expect(stored.state == .closed)
        #expect(stored.teacherClips.map(\.requested) == [ClipWindow(start: 4, end: 40), ClipWindow(start: 60, end: 100)])
        #expect(stored.libraryClip?.clipID == String(stock))
        #expect(stored.libraryClip?.label == "Stock talk")
        #expect(stored.notes.map(\.nextSteps) == ["n1", "n2", "n3"])
        #expect(stored.plan?.goals == ["Ask why", "Wait time"])
        #expect(stored.plan?.nextFocusCodes == ["errors.imprecision", "richness.language"])
        #expect(stored.focusCodes == ["richness.explanations"])
    }

    @Test func aBrokenRuleSavesNothing() throws {
        let folder = try Fixtures.temporaryFolder("cycle-store")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = CycleStore(catalog: try F.catalog(folder))
        let planned = try F.planned(store)
        let error = try #require(throws: CycleStoreError.self) {
            try store.update(id: planned.id) { (cycle: inout CoachingCycle) throws(CycleError) in try cycle.close() }
        }
        #expect(error == .rule(.closingNeedsPlan(state: .planned)))
        #expect(try store.cycle(id: planned.id) == planned)
    }

    @Test func aSaveOnAnOldReadIsRefused() throws {
        let folder = try Fixtures.temporaryFolder("cycle-store")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = CycleStore(catalog: try F.catalog(folder))
        let read = try F.planned(store)
        var first = read
        first.clipFolder = "/a"
        try store.replace(first)
        var second = read
        second.clipFolder = "/b"
        let error = try #require(throws: CycleStoreError.self) { try store.replace(second) }
        #expect(error == .changedMeanwhile(id: read.id))
        #expect(error.description == "cycle 1 was changed by someone else meanwhile; nothing was saved, try again")
        #expect(try store.cycle(id: read.id).clipFolder == "/a")
    }

    @Test func anUnknownCycleIsNamed() throws {
        let folder = try Fixtures.temporaryFolder("cycle-store")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = CycleStore(catalog: try F.catalog(folder))
        let error = try #require(throws: CycleStoreError.self) { try store.cycle(id: 42) }
        #expect(error.description == "\(store.catalog.label): no coaching cycle 42 (see `clipcoach cycle list`)")
    }

    @Test func cyclesByTeacherAndWhatTheyUsed() throws {
        let folder = try Fixtures.temporaryFolder("cycle-store")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = CycleStore(catalog: try F.catalog(folder))
        let stock = try F.add(.init(label: "Stock", scores: [("richness.explanations", "mid", 2)]), to: store.catalog)
        let first = try F.planned(store, teacher: "Ms R")
        _ = try F.planned(store, teacher: "Mr Q", lesson: LessonReference(path: "/q.mp4", fingerprint: "sha256s:q", duration: 150))
        let found = try store.libraryClips(ids: [String(stock)])
        try store.update(id: first.id) { (cycle: inout CoachingCycle) throws(CycleError) in
            try cycle.chooseClips(teacher: [window(4, 40), window(60, 100)], library: [String(stock)], catalog: found,
                                  ownLessonFingerprints: [])
        }
        let third = try F.planned(store, teacher: " ms r ")
        #expect(try store.cycles(teacher: "MS R").map(\.id) == [1, 3])
        #expect(try store.cycles().map(\.id) == [1, 2, 3])
        #expect(try store.usedLibraryClips(teacher: "Ms R", excluding: third.id) == [String(stock): 1])
        #expect(try store.usedLibraryClips(teacher: "Ms R", excluding: 1).isEmpty)
        #expect(try store.usedLibraryClips(teacher: "Mr Q").isEmpty)
        #expect(try store.lessonFingerprints(teacher: "Ms R") == [F.lesson.fingerprint])
        #expect(try store.latestCycle(teacher: "Ms R")?.id == 3)
    }

    @Test func libraryClipsComeFromPresentCatalogRowsWithTheirClipScores() throws {
        let folder = try Fixtures.temporaryFolder("cycle-store")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = CycleStore(catalog: try F.catalog(folder))
        let scored = try F.add(.init(label: "Scored", grade: "5",
                                     scores: [("richness.explanations", "high", 3), ("richness.language", "low", 1)],
                                     posterPath: "/library/scored.jpg"),
                               to: store.catalog)
        try F.add(.init(label: "Gone", scores: [("richness.explanations", "high", 3)], status: "missing"), to: store.catalog)
        try F.add(.init(label: "Other code", scores: [("wwsm.remediation", "high", 3)]), to: store.catalog)
        let clips = try store.libraryClips(scoredOn: ["richness.explanations"])
        #expect(clips.map(\.id) == [String(scored)])
        #expect(clips.first?.scores == [.init(code: "richness.explanations", score: "high", rater: "rater-0")])
        #expect(clips.first?.grade == "5")
        #expect(clips.first?.files.poster == "/library/scored.jpg")
        #expect(clips.first?.files.media == "/library/Scored.mp4")
        #expect(try store.libraryClips(ids: ["999", "x", String(scored)]).keys.sorted() == [String(scored)])
    }

    @Test func theMigrationIsAppliedOnceAndTheCatalogReopens() throws {
        let folder = try Fixtures.temporaryFolder("cycle-store")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = CycleStore(catalog: try F.catalog(folder))
        _ = try F.planned(first)
        let again = CycleStore(catalog: try F.catalog(folder))
        #expect(try again.cycles().count == 1)
        // The library's own opener (without the cycle step, if it is not in its list) still opens it.
        let plain = try CatalogDatabase(path: folder.appendingPathComponent("library.sqlite").path)
        #expect(plain.isWritable)
    }
}
