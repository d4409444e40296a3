/// Krippendorff's alpha with the ordinal distance, for any number of raters and
/// missing scores (Krippendorff, "Content Analysis", 2004, ch. 11; the same figure as
/// the `krippendorff` Python package with `level_of_measurement="ordinal"`).
public enum KrippendorffAlpha {
    /// `units`: for each item, the ranks (0 = lowest point) the raters gave it; items with
    /// fewer than two scores cannot be paired and do not count. Nil when alpha is undefined:
    /// no item has two scores, a rank lies outside the scale, or every paired score is the
    /// same point (no disagreement is possible, so no agreement beyond chance can be shown).
    public static func ordinal(_ units: [[Int]], categories: Int) -> Double? {
        guard categories >= 2,
              units.allSatisfy({ $0.allSatisfy { (0..<categories).contains($0) } })
        else { return nil }

        // Coincidence matrix: every ordered pair of scores from different raters within a
        // unit adds 1 / (m - 1), m being the number of scores of that unit.
        var coincidences = [[Double]](repeating: [Double](repeating: 0, count: categories), count: categories)
        for unit in units where unit.count >= 2 {
            let share = 1.0 / Double(unit.count - 1)
            for (a, first) in unit.enumerated() {
                for (b, second) in unit.enumerated() where a != b {
                    coincidences[first][second] += share
                }
            }
        }
        let valueTotals = coincidences.map { $0.reduce(0, +) }
        let total = valueTotals.reduce(0, +)
        guard total > 1 else { return nil }

        let distance = ordinalDistances(valueTotals)
        var observed = 0.0
        var expected = 0.0
        for c in 0..<categories {
            for k in 0..<categories where c != k {
                observed += coincidences[c][k] * distance[c][k]
                expected += valueTotals[c] * valueTotals[k] * distance[c][k]
            }
        }
        guard expected > 0 else { return nil }
        return 1 - (total - 1) * observed / expected
    }

    /// δ²(c, k) = (Σ_{g=c..k} n_g − (n_c + n_k) / 2)²: two points are far apart when many
    /// scores lie between them, so the distance follows how raters use the scale.
    static func ordinalDistances(_ valueTotals: [Double]) -> [[Double]] {
        let count = valueTotals.count
        var distance = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
        for c in 0..<count {
            for k in 0..<count where c != k {
                let low = min(c, k), high = max(c, k)
                let between = valueTotals[low...high].reduce(0, +) - (valueTotals[low] + valueTotals[high]) / 2
                distance[c][k] = between * between
            }
        }
        return distance
    }
}
