import ClipCoachCore
import Foundation
import Testing

/// Every coaching-cycle rule, broken once, with its message. A refused step leaves the cycle unchanged.
@Suite("coaching cycle rules")
struct CycleRulesTests {
    typealias F = CycleFixtures

    // MARK: - Starting a cycle

    @Test func teacherIsRequired() throws {
        let mqi = try F.mqi
        let error = F.error { _ = try CoachingCycle.start(teacher: "  ", lesson: F.lesson, focusCodes: ["richness.explanations"], codebook: mqi) }
        #expect(error == .emptyTeacher)
        #expect(error?.description == "a cycle needs a teacher's name")
    }

    @Test(arguments: [[String](), ["richness.explanations", "richness.language", "wwsm.remediation"]])
    func oneOrTwoFocusCodes(codes: [String]) throws {
        let mqi = try F.mqi
        let error = F.error { _ = try CoachingCycle.start(teacher: "Ms R", lesson: F.lesson, focusCodes: codes, codebook: mqi) }
        #expect(error == .focusCount(list: .focus, count: codes.count))
        #expect(error?.description == "a cycle has one or two focus codes, not \(codes.count)")
    }

    @Test func focusCodeMustBeInTheCodebook() throws {
        let mqi = try F.mqi
        let error = F.error { _ = try CoachingCycle.start(teacher: "Ms R", lesson: F.lesson, focusCodes: ["richness.nope"], codebook: mqi) }
        #expect(error == .unknownFocusCode(list: .focus, code: "richness.nope", codebook: "mqi-4point-2014"))
        #expect(error?.description == "focus code 'richness.nope' is not a code of mqi-4point-2014 (see `clipcoach codebook`)")
    }

    @Test func focusCodeMustBeSegmentLevel() throws {
        let mqi = try F.mqi
        let error = F.error { _ = try CoachingCycle.start(teacher: "Ms R", lesson: F.lesson, focusCodes: ["lesson.dense"], codebook: mqi) }
        #expect(error == .wholeLessonFocusCode(list: .focus, code: "lesson.dense"))
        #expect(error?.description == "focus code 'lesson.dense' is scored for the whole lesson; a cycle focuses on segment-level codes that short clips can show")
    }

    @Test func focusCodeNotTwice() throws {
        let mqi = try F.mqi
        let error = F.error {
            _ = try CoachingCycle.start(teacher: "Ms R", lesson: F.lesson, focusCodes: ["errors.imprecision", "errors.imprecision"], codebook: mqi)
        }
        #expect(error == .repeatedFocusCode(list: .focus, code: "errors.imprecision"))
        #expect(error?.description == "focus code 'errors.imprecision' is given twice")
    }

    @Test func lengthBoundsMustBeARange() throws {
        let mqi = try F.mqi
        let error = F.error {
            _ = try CoachingCycle.start(teacher: "Ms R", lesson: F.lesson, focusCodes: ["richness.explanations"], codebook: mqi,
                                        bounds: ClipLengthBounds(minimum: 120, maximum: 60))
        }
        #expect(error == .invalidLengthBounds(minimum: 120, maximum: 60))
        #expect(error?.description == "clip length bounds 02:00.000 to 01:00.000 are not a range (need 0 < minimum < maximum)")
    }

    @Test func noFocusAndNothingToStartFrom() {
        #expect(CycleError.noFocusGiven(teacher: "Ms R").description
                == "name the focus codes: no earlier cycle of Ms R has next-focus codes to start from")
    }

    // MARK: - Teacher clips

    func pickError(_ windows: [CycleRules.TeacherWindow], library: [String] = ["7"],
                   catalog: [String: LibraryClipFacts] = F.catalog, own: Set<String> = [],
                   bounds: ClipLengthBounds = .standard) throws -> CycleError? {
        let cycle = try F.planned(bounds: bounds)
        var changed = cycle
        let error = F.error { try changed.chooseClips(teacher: windows, library: library, catalog: catalog, ownLessonFingerprints: own) }
        if error != nil { #expect(changed == cycle, "a refused pick must leave the cycle as it was") }
        return error
    }

    @Test func exactlyTwoTeacherClips() throws {
        let error = try pickError([F.window(60, 150)])
        #expect(error == .teacherClipCount(1))
        #expect(error?.description == "a cycle needs exactly two teacher clips, got 1")
        #expect(try pickError([F.window(0, 60), F.window(100, 160), F.window(200, 260)]) == .teacherClipCount(3))
    }

    @Test func teacherClipsComeFromTheCyclesLesson() throws {
        let error = try pickError([F.window(60, 150), F.window(600, 700, from: "sha256s:other")])
        #expect(error == .teacherClipFromAnotherLesson(clip: 2, fingerprint: "sha256s:other"))
        #expect(error?.description == "teacher clip 2 comes from another video (fingerprint sha256s:other), not from the cycle's lesson")
    }

    @Test func teacherClipsLieInsideTheLesson() throws {
        let error = try pickError([F.window(2650, 2750), F.window(60, 150)])
        #expect(error == .teacherClipOutsideLesson(clip: 1, window: ClipWindow(start: 2650, end: 2750), lessonDuration: 2700))
        #expect(error?.description == "teacher clip 1 (44:10.000-45:50.000) is not inside the lesson (00:00.000-45:00.000)")
    }

    @Test func teacherClipNotTooShort() throws {
        let error = try pickError([F.window(60, 150), F.window(600, 620)])
        #expect(error == .teacherClipTooShort(clip: 2, length: 20, minimum: 30))
        #expect(error?.description == "teacher clip 2 is 00:20.000 long, shorter than the minimum 00:30.000")
    }

    @Test func teacherClipNotTooLong() throws {
        let error = try pickError([F.window(0, 400), F.window(600, 700)])
        #expect(error == .teacherClipTooLong(clip: 1, length: 400, maximum: 360))
        #expect(error?.description == "teacher clip 1 is 06:40.000 long, longer than the maximum 06:00.000")
    }

    @Test func lengthBoundsAreConfigurable() throws {
        let bounds = ClipLengthBounds(minimum: 10, maximum: 500)
        #expect(try pickError([F.window(0, 400), F.window(600, 620)], bounds: bounds) == nil)
    }

    @Test func teacherClipsDoNotOverlap() throws {
        let error = try pickError([F.window(60, 150), F.window(120, 200)])
        #expect(error == .teacherClipsOverlap(first: ClipWindow(start: 60, end: 150), second: ClipWindow(start: 120, end: 200)))
        #expect(error?.description == "the teacher clips overlap (01:00.000-02:30.000 and 02:00.000-03:20.000); pick two different moments")
        #expect(try pickError([F.window(60, 150), F.window(150, 200)]) == nil, "clips that only touch do not overlap")
    }

    // MARK: - Library clip

    @Test func exactlyOneLibraryClip() throws {
        let error = try pickError([F.window(60, 150), F.window(600, 700)], library: [])
        #expect(error == .libraryClipCount(0))
        #expect(error?.description == "a cycle needs exactly one library clip, got 0")
        #expect(try pickError([F.window(60, 150), F.window(600, 700)], library: ["7", "7"]) == .libraryClipCount(2))
    }

    @Test func libraryClipComesFromTheCatalog() throws {
        let error = try pickError([F.window(60, 150), F.window(600, 700)], library: ["99"])
        #expect(error == .libraryClipNotInCatalog(id: "99"))
        #expect(error?.description == "library clip '99' is not in the catalog (see `clipcoach library search`)")
    }

    @Test func libraryClipIsNotFromTheTeachersOwnLessons() throws {
        var own = F.stockClip
        own.teacher = " ms r"
        let byName = try pickError([F.window(60, 150), F.window(600, 700)], catalog: ["7": own])
        #expect(byName == .libraryClipFromOwnLesson(id: "7", teacher: "Ms R"))
        #expect(byName?.description == "library clip '7' comes from Ms R's own lessons; the library clip shows another classroom")

        let byLesson = try pickError([F.window(60, 150), F.window(600, 700)], own: ["sha256s:other-lesson"])
        #expect(byLesson == .libraryClipFromOwnLesson(id: "7", teacher: "Ms R"))

        var fromThisLesson = F.stockClip
        fromThisLesson.sourceFingerprint = F.lesson.fingerprint
        #expect(try pickError([F.window(60, 150), F.window(600, 700)], catalog: ["7": fromThisLesson])
                == .libraryClipFromOwnLesson(id: "7", teacher: "Ms R"))
    }

    @Test func clipsAreFixedOnceDiscussed() throws {
        var cycle = try F.chosen()
        try cycle.writeNote(F.note(2))
        let before = cycle
        let error = F.error {
            try cycle.chooseClips(teacher: [F.window(0, 60), F.window(100, 160)], library: ["7"], catalog: F.catalog,
                                  ownLessonFingerprints: [])
        }
        #expect(error == .clipsAlreadyDiscussed(notes: [2]))
        #expect(error?.description == "the clips cannot change: notes were already written for clip 2")
        #expect(cycle == before)
    }

    @Test func clipsCanBeRepickedBeforeAnyNote() throws {
        var cycle = try F.chosen()
        try cycle.chooseClips(teacher: [F.window(0, 60), F.window(100, 160)], library: ["7"], catalog: F.catalog,
                              ownLessonFingerprints: [])
        #expect(cycle.teacherClips.map(\.requested) == [ClipWindow(start: 0, end: 60), ClipWindow(start: 100, end: 160)])
        #expect(cycle.state == .clipsChosen)
    }

    // MARK: - Notes and plan

    @Test(arguments: [0, 4])
    func notesOnlyForTheThreeClips(number: Int) throws {
        var cycle = try F.chosen()
        let error = F.error { try cycle.writeNote(F.note(number)) }
        #expect(error == .noteForUnknownClip(number: number))
        #expect(error?.description == "there is no clip \(number): notes are for clips 1 and 2 (teacher) and 3 (library)")
        #expect(cycle.notes.isEmpty)
    }

    @Test(arguments: [(NoteField.describe, "describe"), (.elevate, "elevate"), (.nextSteps, "next steps")])
    func everyNoteFieldIsNeeded(field: NoteField, name: String) throws {
        var cycle = try F.chosen()
        let note = F.note(1, describe: field == .describe ? " " : "d", elevate: field == .elevate ? "" : "e",
                          next: field == .nextSteps ? "\n" : "n")
        let error = F.error { try cycle.writeNote(note) }
        #expect(error == .emptyNote(clip: 1, field: field))
        #expect(error?.description == "the note for clip 1 needs '\(name)'")
    }

    @Test func planNeedsAGoal() throws {
        let mqi = try F.mqi
        var cycle = try F.discussed()
        let error = F.error { try cycle.setPlan(ActionPlan(goals: [], nextFocusCodes: ["richness.explanations"]), codebook: mqi) }
        #expect(error == .noGoals)
        #expect(error?.description == "an action plan needs at least one goal")
        #expect(cycle.plan == nil && cycle.state == .conversationHeld)
    }

    @Test func planGoalsAreNotEmpty() throws {
        let mqi = try F.mqi
        var cycle = try F.discussed()
        let error = F.error { try cycle.setPlan(ActionPlan(goals: ["Ask why", " "], nextFocusCodes: ["richness.explanations"]), codebook: mqi) }
        #expect(error == .emptyGoal(position: 2))
        #expect(error?.description == "goal 2 is empty")
    }

    @Test(arguments: [
        ([String](), CycleError.focusCount(list: .nextFocus, count: 0), "a cycle has one or two next-focus codes, not 0"),
        (["nope"], .unknownFocusCode(list: .nextFocus, code: "nope", codebook: "mqi-4point-2014"),
         "next-focus code 'nope' is not a code of mqi-4point-2014 (see `clipcoach codebook`)"),
        (["lesson.overall-mqi"], .wholeLessonFocusCode(list: .nextFocus, code: "lesson.overall-mqi"),
         "next-focus code 'lesson.overall-mqi' is scored for the whole lesson; a cycle focuses on segment-level codes that short clips can show"),
        (["errors.overall", "errors.overall"], .repeatedFocusCode(list: .nextFocus, code: "errors.overall"),
         "next-focus code 'errors.overall' is given twice"),
    ])
    func planNextFocusCodesFollowTheFocusRules(codes: [String], expected: CycleError, message: String) throws {
        let mqi = try F.mqi
        var cycle = try F.discussed()
        let error = F.error { try cycle.setPlan(ActionPlan(goals: ["Ask why"], nextFocusCodes: codes), codebook: mqi) }
        #expect(error == expected)
        #expect(error?.description == message)
    }

    @Test func kindsSeparateBadRequestsFromConflicts() {
        #expect(CycleError.teacherClipTooShort(clip: 1, length: 1, minimum: 30).kind == .invalidRequest)
        #expect(CycleError.closingNeedsPlan(state: .planned).kind == .conflictsWithRecord)
        #expect(CycleError.libraryClipNotInCatalog(id: "1").kind == .conflictsWithRecord)
    }
}
