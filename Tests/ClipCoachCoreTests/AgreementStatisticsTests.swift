import ClipCoachCore
import Foundation
import Testing

@Suite struct AgreementStatisticsTests {
    // MARK: Against scikit-learn and the krippendorff package

    @Test func kappaAndAlphaMatchTheIndependentImplementations() throws {
        var random = SeededScores(seed: 20_250_314)
        var kappaCases: [AgreementOracle.KappaCase] = []
        var alphaCases: [AgreementOracle.AlphaCase] = []
        // 2-, 4- and 5-point scales, small and larger samples, two and three raters with gaps.
        for (categories, items) in [(4, 40), (4, 12), (5, 25), (2, 30), (4, 200), (5, 7)] {
            var first: [Int] = [], second: [Int] = [], third: [Int?] = []
            for _ in 0..<items {
                let truth = random.below(categories)
                first.append(random.rater(near: truth, categories: categories))
                second.append(random.rater(near: truth, categories: categories))
                third.append(random.below(3) == 0 ? nil : random.rater(near: truth, categories: categories))
            }
            kappaCases.append(.init(categories: categories, first: first, second: second))
            alphaCases.append(.init(categories: categories, matrix: [first.map { $0 }, second.map { $0 }, third]))
        }
        let answers = try #require(try AgreementOracle.answers(kappa: kappaCases, alpha: alphaCases))

        for (index, testCase) in kappaCases.enumerated() {
            let pairs = Array(zip(testCase.first, testCase.second))
            let linear = try #require(CohenKappa.kappa(pairs, categories: testCase.categories, weighting: .linear))
            let quadratic = try #require(CohenKappa.kappa(pairs, categories: testCase.categories, weighting: .quadratic))
            #expect(abs(linear - answers.kappa[index][0]) < 1e-9, "case \(index): linear \(linear) vs sklearn \(answers.kappa[index][0])")
            #expect(abs(quadratic - answers.kappa[index][1]) < 1e-9, "case \(index): quadratic \(quadratic) vs sklearn \(answers.kappa[index][1])")
        }
        for (index, testCase) in alphaCases.enumerated() {
            let units = (0..<testCase.matrix[0].count).map { unit in testCase.matrix.compactMap { $0[unit] } }
            let alpha = try #require(KrippendorffAlpha.ordinal(units, categories: testCase.categories))
            #expect(abs(alpha - answers.alpha[index]) < 1e-9, "case \(index): alpha \(alpha) vs krippendorff \(answers.alpha[index])")
        }
    }

    /// The weights span the whole scale: a scale point nobody used still sets the distances.
    @Test func kappaWeightsUseTheWholeScaleEvenWhenAPointIsUnused() throws {
        let pairs = [(0, 0), (0, 3), (3, 3), (3, 0), (0, 0), (3, 3), (2, 3)]
        let answers = try #require(try AgreementOracle.answers(
            kappa: [.init(categories: 4, first: pairs.map(\.0), second: pairs.map(\.1))], alpha: []))
        let linear = try #require(CohenKappa.kappa(pairs, categories: 4, weighting: .linear))
        #expect(abs(linear - answers.kappa[0][0]) < 1e-9)
        // Treating the scale as only the points used (0, 2, 3 -> 0, 1, 2) gives another figure.
        let compressed = pairs.map { ([0: 0, 2: 1, 3: 2][$0.0] ?? 0, [0: 0, 2: 1, 3: 2][$0.1] ?? 0) }
        let wrong = try #require(CohenKappa.kappa(compressed, categories: 3, weighting: .linear))
        #expect(abs(wrong - linear) > 1e-3)
    }

    // MARK: Small cases checked by hand

    /// Table [[20, 5], [10, 15]]: observed 0.7, expected (25·30 + 25·20) / 50² = 0.5, kappa 0.4.
    /// On two points linear and quadratic weights are the same as none.
    @Test func kappaOfATwoByTwoTable() throws {
        let pairs = Array(repeating: (0, 0), count: 20) + Array(repeating: (0, 1), count: 5)
            + Array(repeating: (1, 0), count: 10) + Array(repeating: (1, 1), count: 15)
        for weighting in CohenKappa.Weighting.allCases {
            let kappa = try #require(CohenKappa.kappa(pairs, categories: 2, weighting: weighting))
            #expect(abs(kappa - 0.4) < 1e-12, "\(weighting)")
        }
    }

    /// Perfect agreement is 1; raters who always take opposite ends of a 2-point scale are -1.
    @Test func kappaExtremes() throws {
        #expect(CohenKappa.kappa([(0, 0), (1, 1), (3, 3), (2, 2)], categories: 4, weighting: .quadratic) == 1)
        #expect(CohenKappa.kappa([(0, 1), (1, 0)], categories: 2, weighting: .linear) == -1)
    }

    /// Linear weights on 3 points: pairs (0,0) (1,1) (2,0) (0,2). Observed Σw·O = 2 + 2 = 4;
    /// marginals (2,1,1) both ways, expected Σ w·r·c / n = (1·2·1 + 2·2·1 + 1·1·2 + 1·1·1 + 2·1·2 + 1·1·1) / 4 = 14 / 4;
    /// kappa = 1 - 4 / 3.5 = -1/7. Quadratic: observed 8, expected (2+8+2+1+8+1)/4 = 5.5, kappa = 1 - 8/5.5 = -5/11.
    @Test func weightedKappaByHand() throws {
        let pairs = [(0, 0), (1, 1), (2, 0), (0, 2)]
        let linear = try #require(CohenKappa.kappa(pairs, categories: 3, weighting: .linear))
        let quadratic = try #require(CohenKappa.kappa(pairs, categories: 3, weighting: .quadratic))
        #expect(abs(linear - (-1.0 / 7)) < 1e-12)
        #expect(abs(quadratic - (-5.0 / 11)) < 1e-12)
    }

    @Test func kappaIsUndefinedWithoutChanceDisagreement() {
        #expect(CohenKappa.kappa([(2, 2), (2, 2)], categories: 4, weighting: .linear) == nil)
        #expect(CohenKappa.kappa([], categories: 4, weighting: .linear) == nil)
        #expect(CohenKappa.kappa([(0, 4)], categories: 4, weighting: .linear) == nil)
    }

    /// Two units each scored (0, 1): o01 = o10 = 2, n0 = n1 = 2, n = 4, δ² = (4 - 2)² = 4;
    /// alpha = 1 - (n - 1) · Σo·δ / Σ n_c·n_k·δ = 1 - 3 · 16 / 32 = -0.5.
    @Test func alphaByHand() throws {
        let alpha = try #require(KrippendorffAlpha.ordinal([[0, 1], [0, 1]], categories: 2))
        #expect(abs(alpha - (-0.5)) < 1e-12)
        #expect(KrippendorffAlpha.ordinal([[0, 0], [1, 1], [3, 3, 3]], categories: 4) == 1)
    }

    /// Units with one score pair with nothing: they change neither the coincidences nor alpha.
    @Test func alphaIgnoresSingleScores() throws {
        let withSingles = KrippendorffAlpha.ordinal([[0, 1], [0, 1], [3], [2]], categories: 4)
        #expect(withSingles == KrippendorffAlpha.ordinal([[0, 1], [0, 1]], categories: 4))
        #expect(KrippendorffAlpha.ordinal([[1], [2]], categories: 4) == nil)
        #expect(KrippendorffAlpha.ordinal([[2, 2], [2, 2]], categories: 4) == nil)
    }
}
