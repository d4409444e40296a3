import ClipCoachCore
import Foundation
import Testing

/// Cycles, clips and scores built in memory for the coaching-cycle tests.
enum CycleFixtures {
    static let lesson = LessonReference(path: "/lessons/ms-r-2025-03-14.mp4", fingerprint: "sha256s:lesson-a", duration: 2700)
    static let now = "2026-01-10T09:00:00.000Z"

    static var mqi: Codebook { get throws { try Codebook.mqi } }

    static func planned(focus: [String] = ["richness.explanations"], bounds: ClipLengthBounds = .standard) throws -> CoachingCycle {
        var cycle = try CoachingCycle.start(teacher: "Ms R", grade: "4", lesson: lesson, focusCodes: focus,
                                            codebook: mqi, bounds: bounds, now: now)
        cycle.id = 1
        return cycle
    }

    static func window(_ start: Double, _ end: Double, from fingerprint: String = lesson.fingerprint) -> CycleRules.TeacherWindow {
        CycleRules.TeacherWindow(window: ClipWindow(start: start, end: end), sourceFingerprint: fingerprint)
    }

    static let stockClip = LibraryClipFacts(id: "7", label: "Number line talk", duration: 95, grade: "4",
                                            teacher: "Mr T", sourceFingerprint: "sha256s:other-lesson",
                                            scores: [.init(code: "richness.explanations", score: "high", rater: "Ana")],
                                            sharing: .library)
    static var catalog: [String: LibraryClipFacts] { [stockClip.id: stockClip] }

    static func chosen() throws -> CoachingCycle {
        var cycle = try planned()
        try cycle.chooseClips(teacher: [window(60, 150), window(600, 700)], library: ["7"], catalog: catalog,
                              ownLessonFingerprints: [], now: now)
        return cycle
    }

    static func note(_ clip: Int, describe: String = "Students compared 3/4 and 2/3 on a number line.",
                     elevate: String = "Ask a second student to restate the explanation.",
                     next: String = "Plan one restating prompt per lesson.") -> ClipNote {
        ClipNote(clip: clip, describe: describe, elevate: elevate, nextSteps: next)
    }

    static func discussed() throws -> CoachingCycle {
        var cycle = try chosen()
        for clip in 1...3 { try cycle.writeNote(note(clip), now: now) }
        return cycle
    }

    static func planSet() throws -> CoachingCycle {
        var cycle = try discussed()
        try cycle.setPlan(ActionPlan(goals: ["Ask why twice per task"], nextFocusCodes: ["wwsm.student-contributions"]),
                          codebook: mqi, now: now)
        return cycle
    }

    /// The error a throwing step raises, or nil.
    static func error(_ body: () throws -> Void) -> CycleError? {
        do {
            try body()
        } catch let error as CycleError {
            return error
        } catch {
            Issue.record("expected a CycleError, got \(error)")
        }
        return nil
    }
}
