/// Cohen's kappa for two raters who scored the same items on one ordinal scale.
///
/// Scores are ranks on the code's scale (0 = lowest). The weight matrix spans the
/// whole scale (`categories` points), not only the points the raters happened to use:
/// on a 4-point scale "not present" against "mid" is two steps apart even if nobody
/// scored "low". (scikit-learn's `cohen_kappa_score` gives the same figure when called
/// with `labels=range(categories)`.)
public enum CohenKappa {
    public enum Weighting: String, Sendable, Codable, CaseIterable {
        /// Every disagreement counts the same.
        case unweighted
        /// A disagreement counts by its distance |i - j|.
        case linear
        /// A disagreement counts by its squared distance (i - j)².
        case quadratic

        /// Disagreement weight of scoring `i` against `j`; 0 on the diagonal.
        func weight(_ i: Int, _ j: Int) -> Double {
            let distance = Double(abs(i - j))
            switch self {
            case .unweighted: return distance == 0 ? 0 : 1
            case .linear: return distance
            case .quadratic: return distance * distance
            }
        }
    }

    /// Kappa = 1 - Σ w·observed / Σ w·expected, where expected comes from each rater's own
    /// score distribution. Nil when it is undefined: no pairs, a rank outside the scale,
    /// or no disagreement possible by chance (both raters used one and the same point).
    public static func kappa(_ pairs: [(Int, Int)], categories: Int, weighting: Weighting) -> Double? {
        guard !pairs.isEmpty, categories >= 2,
              pairs.allSatisfy({ (0..<categories).contains($0.0) && (0..<categories).contains($0.1) })
        else { return nil }
        var observed = [[Double]](repeating: [Double](repeating: 0, count: categories), count: categories)
        var firstMarginal = [Double](repeating: 0, count: categories)
        var secondMarginal = [Double](repeating: 0, count: categories)
        for (first, second) in pairs {
            observed[first][second] += 1
            firstMarginal[first] += 1
            secondMarginal[second] += 1
        }
        let count = Double(pairs.count)
        var observedDisagreement = 0.0
        var expectedDisagreement = 0.0
        for i in 0..<categories {
            for j in 0..<categories {
                let weight = weighting.weight(i, j)
                observedDisagreement += weight * observed[i][j]
                expectedDisagreement += weight * firstMarginal[i] * secondMarginal[j] / count
            }
        }
        guard expectedDisagreement > 0 else { return nil }
        return 1 - observedDisagreement / expectedDisagreement
    }
}
