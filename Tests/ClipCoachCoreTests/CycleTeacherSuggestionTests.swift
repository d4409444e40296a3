import ClipCoachCore
import Foundation
import Testing

/// Teacher-clip suggestions on lesson scores built for the test, with known best answers.
@Suite("coaching cycle: teacher clip suggestions")
struct CycleTeacherSuggestionTests {
    typealias F = CycleFixtures

    /// A 45-minute lesson in six 7.5-minute segments, keyframes every 2 s.
    static func lessonSidecar(_ annotations: [Sidecar.Annotation]) throws -> Sidecar {
        var sidecar = Sidecar.lesson(id: "lesson", source: Sidecar.Source(path: "lesson.mp4", fingerprint: F.lesson.fingerprint,
                                                                          duration: 2700, size: 1),
                                     segments: try ScoringSegments.divide(duration: 2700, length: 450), segmentLength: 450)
        sidecar.annotations = annotations
        return sidecar
    }

    static func score(_ code: String, _ point: String, segment: Int, rater: String = "Ana", at times: [Double] = [],
                      comment: String? = nil) -> Sidecar.Annotation {
        Sidecar.Annotation(code: code, score: point, rater: rater, segment: segment,
                           evidence: times.map { Sidecar.Evidence(time: $0, comment: comment) })
    }

    static let keyframes = stride(from: 0.0, through: 2700, by: 2).map { $0 }

    func recommender(_ focus: [String], keyframes: [Double] = keyframes, bounds: ClipLengthBounds = .standard) throws -> TeacherClipRecommender {
        TeacherClipRecommender(focusCodes: focus, codebook: try F.mqi, lessonDuration: 2700, bounds: bounds, keyframes: keyframes)
    }

    @Test func strengthAndGrowthFollowTheScoresOnTheFocusCode() throws {
        let sidecar = try Self.lessonSidecar([
            Self.score("richness.explanations", "low", segment: 1, at: [200]),
            Self.score("richness.explanations", "high", segment: 3, at: [1000.5], comment: "student explains why"),
            Self.score("richness.explanations", "mid", segment: 5, at: [2000]),
            Self.score("richness.language", "not-present", segment: 2, at: [500]), // not a focus code
        ])
        let suggestions = try recommender(["richness.explanations"])
            .suggest(from: LessonObservations.from(lesson: sidecar, name: "lesson.json"))
        #expect(suggestions.map(\.purpose) == [.strength, .growth])
        // 15 s before 1000.5 is 985.5, back to the keyframe at 984; 90 s long.
        #expect(suggestions[0].window == ClipWindow(start: 984, end: 1074))
        #expect(suggestions[0].score == 1)
        #expect(suggestions[1].window == ClipWindow(start: 184, end: 274))
        #expect(suggestions[1].score == 1.0 / 3)
        let reasons = suggestions[0].reasons.joined(separator: "\n")
        #expect(reasons.contains("strength: the highest mean score on the focus codes (1.00 of 1) among 3 candidate moments"))
        #expect(reasons.contains("richness.explanations: high (its best point) by Ana (rater), segment 3 of lesson.json; evidence at 16:40.500 \u{201C}student explains why\u{201D}"))
        #expect(reasons.contains("window: starts up to 15 s before the evidence moment at 16:40.500, on a keyframe (copy cut)"))
        #expect(reasons.contains("16:24.000-17:54.000, 01:30.000 long (bounds 00:30.000 to 06:00.000)"))
        #expect(suggestions[1].reasons.first == "growth: the lowest mean score on the focus codes (0.33 of 1) among 2 candidate moments outside the strength clip")
    }

    @Test func aReverseScoredFocusCodeTurnsRound() throws {
        // errors.imprecision: "high" imprecision is the weakest teaching, "not-present" the best.
        let sidecar = try Self.lessonSidecar([
            Self.score("errors.imprecision", "high", segment: 2, at: [600]),
            Self.score("errors.imprecision", "not-present", segment: 4, at: [1500]),
            Self.score("errors.imprecision", "low", segment: 6, at: [2400]),
        ])
        let suggestions = try recommender(["errors.imprecision"])
            .suggest(from: LessonObservations.from(lesson: sidecar, name: "lesson.json"))
        #expect(suggestions.map(\.purpose) == [.strength, .growth])
        #expect(suggestions[0].window.start == 1484, "the strength clip is where imprecision was not present")
        #expect(suggestions[1].window.start == 584, "the growth clip is where imprecision was high")
        #expect(suggestions[0].reasons.contains { $0.contains("not-present (its best point; higher is worse on this code)") })
        #expect(suggestions[1].reasons.contains { $0.contains("high (its weakest point; higher is worse on this code)") })
    }

    @Test func twoFocusCodesAverageAndSeveralRatersCount() throws {
        let sidecar = try Self.lessonSidecar([
            // Segment 2: explanations high, language low -> mean (1 + 1/3) / 2 = 0.67
            Self.score("richness.explanations", "high", segment: 2, at: [500]),
            Self.score("richness.language", "low", segment: 2),
            // Segment 4: both mid (two raters) -> 0.67 as well: the earlier start breaks the tie
            Self.score("richness.explanations", "mid", segment: 4, at: [1400]),
            Self.score("richness.language", "mid", segment: 4, rater: "Bo"),
            // Segment 6: both high -> 1
            Self.score("richness.explanations", "high", segment: 6, at: [2300]),
            Self.score("richness.language", "high", segment: 6, rater: "Bo"),
        ])
        let suggestions = try recommender(["richness.explanations", "richness.language"])
            .suggest(from: LessonObservations.from(lesson: sidecar, name: "lesson.json"))
        #expect(suggestions[0].purpose == .strength)
        #expect(suggestions[0].window.contains(2300))
        #expect(suggestions[1].purpose == .growth)
        #expect(suggestions[1].score.map { ($0 * 100).rounded() } == 67)
    }

    @Test func clipSidecarsOfTheLessonCountOnTheLessonTimeline() throws {
        var clip = Sidecar(id: "clip-a", source: Sidecar.Source(path: "/lessons/l.mp4", fingerprint: F.lesson.fingerprint,
                                                                duration: 2700, size: 1),
                           clip: Sidecar.Clip(label: "launch", file: "launch.mp4", requestedStart: 301, requestedEnd: 400,
                                              actualStart: 300, actualEnd: 400, duration: 100, mode: .copy,
                                              container: "mp4", streams: []))
        clip.annotations = [Sidecar.Annotation(code: "richness.explanations", score: "high", rater: "Ana",
                                               evidence: [Sidecar.Evidence(time: 40)])]
        let observations = LessonObservations.from(clip: clip, name: "launch.json")
        #expect(observations.first?.moments.first?.time == 340)
        #expect(observations.first?.span == ClipWindow(start: 300, end: 400))

        var plain = clip
        plain.annotations[0].evidence = []
        let suggestions = try recommender(["richness.explanations"]).suggest(from: LessonObservations.from(clip: plain, name: "launch.json"))
        #expect(suggestions.first?.window == ClipWindow(start: 300, end: 400), "a scored clip that fits the bounds is suggested whole")
        #expect(suggestions.first?.reasons.contains("window: the whole of clip launch.json, on a keyframe (copy cut)") == true)
    }

    @Test func windowsRespectTheBoundsAndTheLessonEnds() throws {
        let sidecar = try Self.lessonSidecar([
            Self.score("richness.explanations", "high", segment: 1, at: [3]),
            Self.score("richness.explanations", "low", segment: 6, at: [2695]),
        ])
        let bounds = ClipLengthBounds(minimum: 40, maximum: 60)
        let suggestions = try recommender(["richness.explanations"], bounds: bounds)
            .suggest(from: LessonObservations.from(lesson: sidecar, name: "lesson.json"))
        #expect(suggestions.map(\.window) == [ClipWindow(start: 0, end: 60), ClipWindow(start: 2640, end: 2700)])
        for suggestion in suggestions { #expect(suggestion.window.length >= 40 && suggestion.window.length <= 60) }
    }

    @Test func withoutKeyframesWindowsAreNotSnapped() throws {
        let sidecar = try Self.lessonSidecar([Self.score("richness.explanations", "high", segment: 3, at: [1000.5])])
        let suggestions = try recommender(["richness.explanations"], keyframes: [])
            .suggest(from: LessonObservations.from(lesson: sidecar, name: "lesson.json"))
        #expect(suggestions.first?.window == ClipWindow(start: 985.5, end: 1075.5))
    }

    @Test func growthFitsBesideTheStrengthClipInAShortLesson() throws {
        // 150 s lesson, like SampleMedia/lesson.mp4: two 90 s clips cannot both fit, so the growth clip shrinks.
        var sidecar = try Self.lessonSidecar([])
        sidecar.segments = try ScoringSegments.divide(duration: 150, length: 60)
        sidecar.annotations = [Self.score("richness.explanations", "high", segment: 1, at: [20]),
                               Self.score("richness.explanations", "low", segment: 3, at: [130])]
        let recommender = TeacherClipRecommender(focusCodes: ["richness.explanations"], codebook: try F.mqi,
                                                 lessonDuration: 150, keyframes: Self.keyframes.filter { $0 <= 150 })
        let suggestions = recommender.suggest(from: LessonObservations.from(lesson: sidecar, name: "lesson.json"))
        #expect(suggestions.map(\.window) == [ClipWindow(start: 4, end: 94), ClipWindow(start: 94, end: 150)])
        #expect(!suggestions[0].window.overlaps(suggestions[1].window))
    }

    @Test func noScoresOnTheFocusCodesGivesTwoStartingPoints() throws {
        let sidecar = try Self.lessonSidecar([Self.score("richness.language", "high", segment: 1, at: [100])])
        let suggestions = try recommender(["richness.explanations"])
            .suggest(from: LessonObservations.from(lesson: sidecar, name: "lesson.json"))
        #expect(suggestions.map(\.purpose) == [.unscored, .unscored])
        #expect(suggestions.map(\.window) == [ClipWindow(start: 630, end: 720), ClipWindow(start: 1980, end: 2070)])
        #expect(suggestions[0].reasons[0].hasPrefix("no score on the focus codes in this lesson"))
    }

    @Test func equalScoresAreBrokenByTheStatedRule() throws {
        // Same score, same support: the earlier moment wins the strength clip.
        let sidecar = try Self.lessonSidecar([
            Self.score("richness.explanations", "mid", segment: 2, at: [700]),
            Self.score("richness.explanations", "mid", segment: 5, at: [2000]),
        ])
        let first = try recommender(["richness.explanations"]).suggest(from: LessonObservations.from(lesson: sidecar, name: "l"))
        var reversed = sidecar
        reversed.annotations.reverse()
        let second = try recommender(["richness.explanations"]).suggest(from: LessonObservations.from(lesson: reversed, name: "l"))
        #expect(first == second, "the order annotations are stored in does not matter")
        #expect(first.first?.window.contains(700) == true)
    }
}
