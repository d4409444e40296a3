import Catalog
import ClipCoachCore
import ClipCoachKit
import Foundation
import Testing
import TestSupport

/// start, suggest and pick against a catalog built for the test and SampleMedia/lesson.mp4.
@Suite("coaching cycle workflows")
struct CycleWorkflowTests {
    typealias F = CycleCatalogFixtures

    struct Setup {
        let folder: URL
        let store: CycleStore
        let codebook: Codebook
        func cleanUp() { try? FileManager.default.removeItem(at: folder) }
    }

    func setUp() throws -> Setup {
        let folder = try Fixtures.temporaryFolder("cycle-workflow")
        return Setup(folder: folder, store: CycleStore(catalog: try F.catalog(folder)), codebook: try Codebook.mqi)
    }

    func start(_ setup: Setup, teacher: String = "Ms R", lesson: String = Fixtures.sample("lesson.mp4"),
               focus: [String] = ["richness.explanations"], grade: String? = "4") throws -> CoachingCycle {
        try CycleStart(store: setup.store, codebook: setup.codebook, teacher: teacher, lessonPath: lesson,
                       focusCodes: focus, grade: grade).run().cycle
    }

    func fail<T>(_ body: () throws(CycleWorkflowError) -> T) -> CycleWorkflowError? {
        do { _ = try body() } catch { return error }
        return nil
    }

    @Test func startRecordsTheLessonAsProbed() throws {
        let setup = try setUp()
        defer { setup.cleanUp() }
        let cycle = try start(setup)
        #expect(cycle.lesson.duration == 150)
        #expect(cycle.lesson.fingerprint == (try ContentFingerprint.of(path: Fixtures.sample("lesson.mp4"))))
        #expect(cycle.state == .planned)
    }

    @Test func aNewCycleStartsFromThePreviousNextFocus() throws {
        let setup = try setUp()
        defer { setup.cleanUp() }
        let first = try start(setup)
        let error = fail { () throws(CycleWorkflowError) in
            try CycleStart(store: setup.store, codebook: setup.codebook, teacher: "Ms R",
                           lessonPath: Fixtures.sample("lesson.mp4"), focusCodes: []).run()
        }
        #expect(error?.description == "name the focus codes: no earlier cycle of Ms R has next-focus codes to start from")
        var planned = try setup.store.cycle(id: first.id)
        planned.plan = ActionPlan(goals: ["g"], nextFocusCodes: ["errors.imprecision"])
        try setup.store.replace(planned)
        let second = try CycleStart(store: setup.store, codebook: setup.codebook, teacher: "ms r",
                                    lessonPath: Fixtures.sample("lesson.mp4"), focusCodes: []).run()
        #expect(second.cycle.focusCodes == ["errors.imprecision"])
        #expect(second.focusFrom == first.id)
        #expect(second.cycle.previousCycleID == first.id)
        #expect(second.cycle.grade == "4", "the grade carries over when not given")
    }

    @Test func pickCutsTheTeacherClipsAndRecordsThem() throws {
        let setup = try setUp()
        defer { setup.cleanUp() }
        let stock = try F.add(.init(label: "Stock", scores: [("richness.explanations", "high", 3)]), to: setup.store.catalog)
        let cycle = try start(setup)
        let out = setup.folder.appendingPathComponent("clips")
        let picked = try CyclePick(store: setup.store, codebook: setup.codebook, cycleID: cycle.id,
                                   teacherClips: [ClipWindow(start: 5, end: 40), ClipWindow(start: 60, end: 100)],
                                   libraryClipIDs: [String(stock)], outputFolder: out).run()
        #expect(picked.state == .clipsChosen)
        #expect(picked.revision == 2)
        #expect(picked.teacherClips.map(\.requested) == [ClipWindow(start: 5, end: 40), ClipWindow(start: 60, end: 100)])
        #expect(picked.teacherClips.first?.actual?.start == 4, "a copy cut starts on the keyframe at or before 5 s")
        for clip in picked.teacherClips {
            for path in [clip.files.media, clip.files.poster, clip.files.sidecar] {
                let file = try #require(path)
                #expect(FileManager.default.fileExists(atPath: file), "\(file)")
            }
        }
        #expect(picked.teacherClips.first?.files.media == out.appendingPathComponent("cycle-1-teacher-1.mp4").path)
        let sidecar = try SidecarStore.read(URL(fileURLWithPath: try #require(picked.teacherClips[1].files.sidecar)))
        #expect(sidecar.context.teacher == "Ms R")
        #expect(sidecar.context.grade == "4")
        #expect(sidecar.context.tags == ["cycle-1"])
        #expect(try setup.store.cycle(id: cycle.id) == picked)
    }

    @Test func pickChecksTheRulesBeforeCuttingAnything() throws {
        let setup = try setUp()
        defer { setup.cleanUp() }
        let stock = try F.add(.init(label: "Stock", scores: []), to: setup.store.catalog)
        let cycle = try start(setup)
        let out = setup.folder.appendingPathComponent("clips")
        let error = fail { () throws(CycleWorkflowError) in
            try CyclePick(store: setup.store, codebook: setup.codebook, cycleID: cycle.id,
                          teacherClips: [ClipWindow(start: 5, end: 60), ClipWindow(start: 50, end: 100)],
                          libraryClipIDs: [String(stock)], outputFolder: out).run()
        }
        #expect(error?.description == "the teacher clips overlap (00:05.000-01:00.000 and 00:50.000-01:40.000); pick two different moments")
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing is cut when a rule is broken")
        #expect(try setup.store.cycle(id: cycle.id) == cycle)
    }

    @Test func pickRefusesALessonFileThatIsNoLongerTheCyclesLesson() throws {
        let setup = try setUp()
        defer { setup.cleanUp() }
        let stock = try F.add(.init(label: "Stock", scores: []), to: setup.store.catalog)
        let copy = setup.folder.appendingPathComponent("lesson.mp4")
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson.mp4"), toPath: copy.path)
        let cycle = try start(setup, lesson: copy.path)
        try FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson-vfr.mp4"), toPath: copy.path)
        let other = try ContentFingerprint.of(path: copy.path)
        let error = fail { () throws(CycleWorkflowError) in
            try CyclePick(store: setup.store, codebook: setup.codebook, cycleID: cycle.id,
                          teacherClips: [ClipWindow(start: 0, end: 30), ClipWindow(start: 60, end: 100)],
                          libraryClipIDs: [String(stock)], outputFolder: setup.folder.appendingPathComponent("clips")).run()
        }
        #expect(error?.description == "teacher clip 1 comes from another video (fingerprint \(other)), not from the cycle's lesson")
    }

    @Test func suggestionsOnACatalogBuiltForTheTest() throws {
        let setup = try setUp()
        defer { setup.cleanUp() }
        let catalog = setup.store.catalog
        let tieA = try F.add(.init(label: "Tie A", duration: 90, scores: [("richness.explanations", "high", 3)]), to: catalog)
        let tieB = try F.add(.init(label: "Tie B", duration: 90, scores: [("richness.explanations", "high", 3)]), to: catalog)
        let farGrade = try F.add(.init(label: "Grade 7", duration: 30, grade: "7", scores: [("richness.explanations", "high", 3)]), to: catalog)
        let used = try F.add(.init(label: "Used before", duration: 20, scores: [("richness.explanations", "high", 3)]), to: catalog)
        let weaker = try F.add(.init(label: "Weaker", duration: 20, grade: "3", scores: [("richness.explanations", "mid", 2)]), to: catalog)
        // An earlier cycle of Ms R showed the "Used before" clip.
        let earlier = try start(setup)
        _ = try CyclePick(store: setup.store, codebook: setup.codebook, cycleID: earlier.id,
                      teacherClips: [ClipWindow(start: 4, end: 40), ClipWindow(start: 60, end: 100)],
                      libraryClipIDs: [String(used)], outputFolder: setup.folder.appendingPathComponent("earlier")).run()

        // The lesson's scores: a lesson sidecar with 60 s segments.
        let lessonPath = Fixtures.sample("lesson.mp4")
        var lesson = Sidecar.lesson(id: "lesson", source: Sidecar.Source(path: lessonPath,
                                                                         fingerprint: try ContentFingerprint.of(path: lessonPath),
                                                                         duration: 150, size: 1),
                                    segments: try ScoringSegments.divide(duration: 150, length: 60), segmentLength: 60)
        lesson.annotations = [
            Sidecar.Annotation(code: "richness.explanations", score: "low", rater: "Ana", segment: 1, evidence: [.init(time: 30)]),
            Sidecar.Annotation(code: "richness.explanations", score: "high", rater: "Ana", segment: 2,
                               evidence: [.init(time: 95, comment: "explains why")]),
        ]
        let lessonSidecar = setup.folder.appendingPathComponent("lesson-scores.json")
        try SidecarStore.create(lesson, at: lessonSidecar, overwrite: false, codebook: setup.codebook)

        let cycle = try start(setup)
        let suggestions = try CycleSuggest(store: setup.store, codebook: setup.codebook,
                                           extraSidecars: [lessonSidecar.path]).run(cycleID: cycle.id)
        #expect(suggestions.teacherClips.map(\.purpose) == [.strength, .growth])
        // 95 - 15 = 80 -> keyframe 80; 90 s would pass the end, so the window ends at 150 and starts on keyframe 60.
        #expect(suggestions.teacherClips[0].window == ClipWindow(start: 60, end: 150))
        #expect(suggestions.teacherClips[1].window == ClipWindow(start: 0, end: 60), "the growth clip fills the room before the strength clip")
        #expect(suggestions.libraryClips.map(\.clipID) == [String(tieA), String(tieB), String(weaker)])
        #expect(suggestions.libraryClips[0].reasons.contains(
            "tied with \(tieB) on score and length: ordered by clip id, ascending (comes first)"))
        #expect(suggestions.notSuggested == [
            LibraryClipRejection(clipID: String(farGrade), reason: "grade 7 is more than one grade from the teacher's 4"),
            LibraryClipRejection(clipID: String(used), reason: "already used with Ms R in cycle \(earlier.id)"),
        ])
        #expect(suggestions.sources.contains("read \(lessonSidecar.path): 2 scores on the focus codes"))
    }
}
