import ClipCoachCore
import Foundation
import Testing

@Suite struct AgreementReportTests {
    static let time = "2025-03-14T09:00:00.000Z"

    static func rating(_ unit: String, _ code: String, _ score: String, _ rater: String,
                       segment: Int? = nil, at time: String = AgreementReportTests.time) -> Rating {
        Rating(item: RatedItem(unit: unit, segment: segment), code: code, score: score, rater: rater, updatedAt: time)
    }

    /// Ratings of three raters (ana, bo: every item; cy: some) on one code, through the report,
    /// against sklearn (kappa of the ana/bo pair) and krippendorff (alpha of all three).
    @Test func reportFiguresMatchTheOracles() throws {
        let mqi = try Codebook.mqi
        let points = ["not-present", "low", "mid", "high"]
        var random = SeededScores(seed: 7)
        var ratings: [Rating] = []
        var ana: [Int] = [], bo: [Int] = [], cy: [Int?] = []
        for item in 0..<30 {
            let truth = random.below(4)
            let (a, b) = (random.rater(near: truth, categories: 4), random.rater(near: truth, categories: 4))
            let c: Int? = item % 3 == 0 ? nil : random.rater(near: truth, categories: 4)
            ana.append(a); bo.append(b); cy.append(c)
            // Half the items are lesson segments, half clips: both are items.
            let unit = item % 2 == 0 ? "clip-\(item)" : "lesson"
            let segment = item % 2 == 0 ? nil : item
            ratings.append(Self.rating(unit, "richness.explanations", points[a], "ana", segment: segment))
            ratings.append(Self.rating(unit, "richness.explanations", points[b], "bo", segment: segment))
            if let c { ratings.append(Self.rating(unit, "richness.explanations", points[c], "cy", segment: segment)) }
        }
        let answers = try #require(try AgreementOracle.answers(
            kappa: [.init(categories: 4, first: ana, second: bo)],
            alpha: [.init(categories: 4, matrix: [ana.map { $0 }, bo.map { $0 }, cy]),
                    .init(categories: 4, matrix: [ana.map { $0 }, bo.map { $0 }])]))

        let all = try AgreementReport.compute(ratings, codebook: mqi)
        let figures = try #require(all.codes.first).figures
        #expect(figures.items == 30)
        #expect(figures.raters == ["ana", "bo", "cy"])
        #expect(figures.kappaLinear == nil, "three raters and no pair chosen")
        #expect(figures.notes.contains { $0.contains("kappa compares two raters") }, "\(figures.notes)")
        #expect(abs(try #require(figures.alpha) - answers.alpha[0]) < 1e-9)

        let pair = try AgreementReport.compute(ratings, codebook: mqi, raters: ["bo", "ana"])
        let pairFigures = try #require(pair.codes.first).figures
        #expect(pairFigures.kappaRaters == ["ana", "bo"])
        #expect(pairFigures.kappaItems == 30)
        #expect(abs(try #require(pairFigures.kappaLinear) - answers.kappa[0][0]) < 1e-9)
        #expect(abs(try #require(pairFigures.kappaQuadratic) - answers.kappa[0][1]) < 1e-9)
        #expect(abs(try #require(pairFigures.alpha) - answers.alpha[1]) < 1e-9, "alpha over the chosen raters only")
        let exact = zip(ana, bo).filter { $0 == $1 }.count, adjacent = zip(ana, bo).filter { abs($0 - $1) <= 1 }.count
        #expect(pairFigures.exact == Double(exact) / 30)
        #expect(pairFigures.adjacent == Double(adjacent) / 30)
        // People are matched by name key: `--rater " BO" --rater ANA` picks the same pair.
        let spelled = try AgreementReport.compute(ratings, codebook: mqi, raters: [" BO", "ANA"])
        #expect(try #require(spelled.codes.first).figures == pairFigures)
    }

    /// Two raters, four items, counted by hand: exact 2/4, adjacent 3/4, one item two points apart.
    @Test func exactAdjacentAndWideDisagreementsByHand() throws {
        let ratings = [
            Self.rating("a", "richness.explanations", "mid", "ana"), Self.rating("a", "richness.explanations", "mid", "bo"),
            Self.rating("b", "richness.explanations", "low", "ana"), Self.rating("b", "richness.explanations", "low", "bo"),
            Self.rating("c", "richness.explanations", "low", "ana"), Self.rating("c", "richness.explanations", "mid", "bo"),
            Self.rating("d", "richness.explanations", "not-present", "ana"), Self.rating("d", "richness.explanations", "high", "bo"),
            // Single-scored: not an item of agreement.
            Self.rating("e", "richness.explanations", "high", "ana"),
        ]
        let report = try AgreementReport.compute(ratings, codebook: try Codebook.mqi)
        let figures = try #require(report.codes.first).figures
        #expect(figures.items == 4)
        #expect(figures.comparisons == 4)
        #expect(figures.exact == 0.5)
        #expect(figures.adjacent == 0.75)
        #expect(figures.kappaRaters == ["ana", "bo"], "exactly two raters: kappa compares them")
        #expect(report.disagreements.count == 1)
        let wide = try #require(report.disagreements.first)
        #expect(wide.item == RatedItem(unit: "d"))
        #expect(wide.spread == 3)
        #expect(wide.scores.map(\.score) == ["not-present", "high"])
    }

    /// Codes are pooled per scale only; a later score by the same rater replaces an earlier one.
    @Test func overallPoolsPerScaleAndTheLatestScoreCounts() throws {
        let ratings = [
            Self.rating("a", "richness.explanations", "low", "ana", at: "2025-03-14T09:00:00.000Z"),
            Self.rating("a", "richness.explanations", "mid", "ana", at: "2025-03-14T10:00:00.000Z"),
            Self.rating("a", "richness.explanations", "mid", "bo"),
            Self.rating("a", "errors.imprecision", "low", "ana"), Self.rating("a", "errors.imprecision", "high", "bo"),
            Self.rating("a", "connected.classroom-work", "yes", "ana"), Self.rating("a", "connected.classroom-work", "yes", "bo"),
        ]
        let report = try AgreementReport.compute(ratings, codebook: try Codebook.mqi)
        let explanations = try #require(report.codes.first { $0.code == "richness.explanations" })
        #expect(explanations.figures.exact == 1, "ana's later 'mid' replaced her 'low'")
        #expect(report.overall.map(\.scale) == ["no-yes", "presence-4"])
        let fourPoint = try #require(report.overall.first { $0.scale == "presence-4" })
        #expect(fourPoint.codes == ["richness.explanations", "errors.imprecision"])
        #expect(fourPoint.figures.items == 2)
        #expect(fourPoint.figures.exact == 0.5)
    }

    @Test func filtersAndErrors() throws {
        let mqi = try Codebook.mqi
        let ratings = [
            Self.rating("a", "richness.explanations", "low", "ana"), Self.rating("a", "richness.explanations", "low", "bo"),
            Self.rating("a", "richness.language", "low", "ana"), Self.rating("a", "richness.language", "high", "bo"),
            Self.rating("a", "no.such-code", "low", "bo"),
        ]
        let one = try AgreementReport.compute(ratings, codebook: mqi, codes: ["richness.language"])
        #expect(one.codes.map(\.code) == ["richness.language"])
        #expect(one.notes.isEmpty, "the unknown code is filtered out by --code before it is checked")
        let all = try AgreementReport.compute(ratings, codebook: mqi)
        #expect(all.notes == ["1 score(s) name a code or score point not in mqi-4point-2014 and were left out"])
        #expect(throws: AgreementError.unknownCode("richness.nope", codebook: "mqi-4point-2014")) {
            try AgreementReport.compute(ratings, codebook: mqi, codes: ["richness.nope"])
        }
        #expect(throws: AgreementError.oneRater("ana")) {
            try AgreementReport.compute(ratings, codebook: mqi, raters: ["ana", "ana"])
        }
    }

    /// "Ana" and "ana" are one rater: their two scores of one item are one person's (the
    /// latest counts), never a double-scored item agreeing with itself.
    @Test func oneRaterSpelledTwoWaysIsOneRater() throws {
        let mqi = try Codebook.mqi
        let later = "2025-03-14T10:00:00.000Z"
        let ratings = [
            Self.rating("a", "richness.explanations", "low", "Ana"),
            Self.rating("a", "richness.explanations", "high", " ana ", at: later),
            Self.rating("b", "richness.explanations", "mid", "ANA"), Self.rating("b", "richness.explanations", "mid", "bo"),
        ]
        let report = try AgreementReport.compute(ratings, codebook: mqi)
        let row = try #require(report.codes.first)
        #expect(row.figures.raters == ["Ana", "bo"], "\(row.figures.raters)")
        #expect(row.figures.items == 1, "only item b is double scored")
        #expect(row.figures.exact == 1)
    }

    @Test func undefinedFiguresAreNullInJSON() throws {
        let ratings = [Self.rating("a", "richness.explanations", "low", "ana")]
        let report = try AgreementReport.compute(ratings, codebook: try Codebook.mqi)
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let codes = try #require(object["codes"] as? [[String: Any]])
        let figures = try #require(codes.first?["figures"] as? [String: Any])
        #expect(figures["items"] as? Int == 0)
        #expect(figures["kappaLinear"] is NSNull)
        #expect(figures["alpha"] is NSNull)
        #expect((figures["notes"] as? [String])?.first == "no item was scored by two raters")
    }
}
