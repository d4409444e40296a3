import Foundation

extension Codebook {
    /// How good a score point is on a code as a whole number: 0 is the worst teaching,
    /// `steps(of:)` the best. Honours `higherIsWorse` (for errors.* "not-present" is best).
    /// Nil when the point is not on the code's scale.
    public func goodness(of point: String, in code: Code) -> Int? {
        rank(of: point, in: code).flatMap { goodness(rank: $0, in: code) }
    }

    /// The goodness of the point at `rank` on the code's scale: the one rule for which way a
    /// scale runs (search ranking, cycle suggestions and "is this better" all use it).
    /// Nil when the code has no scale.
    public func goodness(rank: Int, in code: Code) -> Int? {
        guard scale(for: code) != nil else { return nil }
        return code.higherIsWorse ? steps(of: code) - rank : rank
    }

    /// The highest goodness on the code's scale (points - 1).
    public func steps(of code: Code) -> Int {
        max(0, (scale(for: code)?.points.count ?? 1) - 1)
    }

    /// Goodness from 0 to 1, so codes with different scales can be averaged.
    func normalizedGoodness(of point: String, in code: Code) -> Double? {
        guard let goodness = goodness(of: point, in: code), steps(of: code) > 0 else { return nil }
        return Double(goodness) / Double(steps(of: code))
    }

    /// "high (the best point)", "low (higher is worse on this code)".
    func describePoint(_ point: String, in code: Code) -> String {
        var extras: [String] = []
        if goodness(of: point, in: code) == steps(of: code) { extras.append("its best point") }
        if goodness(of: point, in: code) == 0 { extras.append("its weakest point") }
        if code.higherIsWorse { extras.append("higher is worse on this code") }
        return extras.isEmpty ? point : "\(point) (\(extras.joined(separator: "; ")))"
    }
}
