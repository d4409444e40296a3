import ClipCoachCore
import Foundation
import Testing

/// Library-clip suggestions on libraries built for the test, with known best answers.
@Suite("coaching cycle: library clip suggestions")
struct CycleLibrarySuggestionTests {
    typealias F = CycleFixtures

    static func clip(_ id: String, _ scores: [(String, String)], duration: Double = 120, grade: String? = "4",
                     teacher: String = "Mr T", source: String? = nil) -> LibraryClipFacts {
        LibraryClipFacts(id: id, label: "clip \(id)", duration: duration, grade: grade, teacher: teacher,
                         sourceFingerprint: source ?? "sha256s:\(id)",
                         scores: scores.enumerated().map { .init(code: $0.element.0, score: $0.element.1, rater: "r\($0.offset)") },
                         sharing: .library)
    }

    func recommender(_ focus: [String], grade: String? = "4", used: [String: Int] = [:],
                     own: Set<String> = []) throws -> LibraryClipRecommender {
        LibraryClipRecommender(focusCodes: focus, codebook: try F.mqi, teacher: "Ms R", teacherGrade: grade,
                               usedClips: used, ownLessonFingerprints: own)
    }

    @Test func theBestScorePointComesFirst() throws {
        let library = [
            Self.clip("1", [("richness.explanations", "mid")]),
            Self.clip("2", [("richness.explanations", "high")]),
            Self.clip("3", [("richness.explanations", "low")]),
            Self.clip("4", [("richness.language", "high")]), // not on the focus code: never a candidate
        ]
        let result = try recommender(["richness.explanations"]).suggest(library)
        #expect(result.suggestions.map(\.clipID) == ["2", "1", "3"])
        #expect(result.suggestions[0].reasons.contains("richness.explanations: at least high (its best point) by its one rater"))
        #expect(result.suggestions[0].reasons.first == "rank 1 of 3 eligible clips")
        #expect(result.notSuggested.isEmpty)
    }

    @Test func aReverseScoredFocusCodeRanksLowestFirst() throws {
        let library = [
            Self.clip("10", [("errors.imprecision", "high")]),
            Self.clip("11", [("errors.imprecision", "not-present")]),
            Self.clip("12", [("errors.imprecision", "mid")]),
        ]
        let result = try recommender(["errors.imprecision"]).suggest(library)
        #expect(result.suggestions.map(\.clipID) == ["11", "12", "10"])
        #expect(result.suggestions[0].reasons.contains(
            "errors.imprecision: at least not-present (its best point; higher is worse on this code) by its one rater"))
    }

    @Test func everyRaterMustAgree() throws {
        // Clip 20: high and low -> agreed "low". Clip 21: mid and mid -> agreed "mid": better.
        let library = [
            Self.clip("20", [("richness.explanations", "high"), ("richness.explanations", "low")]),
            Self.clip("21", [("richness.explanations", "mid"), ("richness.explanations", "mid")]),
        ]
        let result = try recommender(["richness.explanations"]).suggest(library)
        #expect(result.suggestions.map(\.clipID) == ["21", "20"])
        #expect(result.suggestions[1].reasons.contains("richness.explanations: at least low by all 2 scores"))
    }

    @Test func gradeMustBeWithinOneOfTheTeachers() throws {
        let library = [
            Self.clip("30", [("richness.explanations", "high")], grade: "7"),
            Self.clip("31", [("richness.explanations", "mid")], grade: "5th"),
            Self.clip("32", [("richness.explanations", "mid")], duration: 200, grade: "4"),
            Self.clip("33", [("richness.explanations", "high")], grade: nil),
            Self.clip("34", [("richness.explanations", "high")], grade: "Calculus"),
        ]
        let result = try recommender(["richness.explanations"]).suggest(library)
        #expect(result.suggestions.map(\.clipID) == ["31", "32"])
        #expect(result.suggestions[0].reasons.contains("grade 5th, within one grade of the teacher's 4"))
        #expect(result.suggestions[1].reasons.contains("grade 4, the teacher's grade"))
        #expect(result.notSuggested == [
            LibraryClipRejection(clipID: "30", reason: "grade 7 is more than one grade from the teacher's 4"),
            LibraryClipRejection(clipID: "33", reason: "no grade recorded (tag the clip with its grade)"),
            LibraryClipRejection(clipID: "34", reason: "grade 'Calculus' is not a grade ClipCoach can compare with 4"),
        ])
        // Without the teacher's grade, grade is not a filter.
        let anyGrade = try recommender(["richness.explanations"], grade: nil).suggest(library)
        #expect(anyGrade.suggestions.map(\.clipID) == ["30", "33", "34"])
        #expect(anyGrade.suggestions[0].reasons.contains("no grade given for the teacher: grade not compared"))
    }

    @Test func aClipAlreadyUsedWithTheTeacherIsLeftOut() throws {
        let library = [
            Self.clip("40", [("richness.explanations", "high")]),
            Self.clip("41", [("richness.explanations", "mid")]),
        ]
        let result = try recommender(["richness.explanations"], used: ["40": 2]).suggest(library)
        #expect(result.suggestions.map(\.clipID) == ["41"])
        #expect(result.notSuggested == [LibraryClipRejection(clipID: "40", reason: "already used with Ms R in cycle 2")])
        #expect(result.suggestions[0].reasons.contains("not used with Ms R before"))
    }

    @Test func theTeachersOwnLessonsAreLeftOut() throws {
        let library = [
            Self.clip("50", [("richness.explanations", "high")], teacher: "MS R"),
            Self.clip("51", [("richness.explanations", "high")], source: "sha256s:ms-r-lesson"),
            Self.clip("52", [("richness.explanations", "low")]),
        ]
        let result = try recommender(["richness.explanations"], own: ["sha256s:ms-r-lesson"]).suggest(library)
        #expect(result.suggestions.map(\.clipID) == ["52"])
        #expect(result.notSuggested.map(\.reason) == ["from Ms R's own lessons", "from Ms R's own lessons"])
    }

    @Test func theShorterClipWinsAtEqualScore() throws {
        let library = [
            Self.clip("60", [("richness.explanations", "high")], duration: 180),
            Self.clip("61", [("richness.explanations", "high")], duration: 95.5),
        ]
        let result = try recommender(["richness.explanations"]).suggest(library)
        #expect(result.suggestions.map(\.clipID) == ["61", "60"])
        #expect(result.suggestions[0].reasons.contains("same score as 60, but shorter (03:00.000)"))
    }

    @Test func aTieIsBrokenByClipID() throws {
        // Same score, same length: the lower catalog id first, numerically (9 before 10), whatever the input order.
        let library = [
            Self.clip("10", [("richness.explanations", "high")], duration: 90),
            Self.clip("9", [("richness.explanations", "high")], duration: 90),
        ]
        for input in [library, library.reversed()] {
            let result = try recommender(["richness.explanations"]).suggest(input)
            #expect(result.suggestions.map(\.clipID) == ["9", "10"])
            #expect(result.suggestions[0].reasons.contains(
                "tied with 10 on score and length: ordered by clip id, ascending (comes first)"))
            #expect(result.suggestions[1].reasons.contains(
                "tied with 9 on score and length: ordered by clip id, ascending (comes after)"))
        }
    }

    @Test func moreFocusCodesScoredComesFirst() throws {
        let library = [
            Self.clip("70", [("richness.explanations", "high")]),
            Self.clip("71", [("richness.explanations", "low"), ("errors.imprecision", "low")]),
        ]
        let result = try recommender(["richness.explanations", "errors.imprecision"]).suggest(library)
        #expect(result.suggestions.map(\.clipID) == ["71", "70"])
        #expect(result.suggestions[1].reasons.contains("scored on 1 of the 2 focus codes"))
    }

    @Test func atMostTheLimit() throws {
        let library = (1...6).map { Self.clip("\($0)", [("richness.explanations", "mid")], duration: Double(60 + $0)) }
        let result = try recommender(["richness.explanations"]).suggest(library)
        #expect(result.suggestions.map(\.clipID) == ["1", "2", "3"])
        #expect(result.suggestions.map(\.rank) == [1, 2, 3])
    }

    @Test(arguments: [("K", 0), ("kindergarten", 0), ("Pre-K", -1), ("4", 4), ("4th", 4), ("Grade 3", 3), ("gr. 2", 2),
                      ("1st", 1), ("Algebra I", 9), ("geometry", 10), ("12", 12)])
    func gradesAreRead(text: String, level: Int) {
        #expect(GradeLevel.parse(text) == level)
    }

    @Test(arguments: ["", "13", "Calculus", "4.5", "-1"])
    func unknownGradesAreNil(text: String) {
        #expect(GradeLevel.parse(text) == nil)
    }
}
