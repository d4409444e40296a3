/// Reliability figures for one code, or for several codes of one scale pooled.
///
/// Fractions are 0...1. A figure that cannot be computed (no double-scored item, no
/// variation, no rater pair for kappa) is nil and written as JSON `null`; `notes` says why.
public struct AgreementFigures: Sendable, Equatable, Encodable {
    /// Items (clip or segment, code) scored by at least two of the raters considered.
    public var items: Int
    /// The raters whose scores count, sorted.
    public var raters: [String]
    /// Rater pairs compared for exact and adjacent agreement (each pair of raters of each item).
    public var comparisons: Int
    /// Share of comparisons with the same score point.
    public var exact: Double?
    /// Share of comparisons at most one score point apart.
    public var adjacent: Double?
    /// The two raters kappa compares; nil when there are more than two and none were chosen.
    public var kappaRaters: [String]?
    /// Items both raters of `kappaRaters` scored.
    public var kappaItems: Int
    public var kappaLinear: Double?
    public var kappaQuadratic: Double?
    /// Krippendorff's alpha, ordinal, across all the raters considered.
    public var alpha: Double?
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case items, raters, comparisons, exact, adjacent, kappaRaters, kappaItems, kappaLinear, kappaQuadratic, alpha, notes
    }

    // Written by hand so that an undefined figure appears as null rather than vanishing.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(raters, forKey: .raters)
        try c.encode(comparisons, forKey: .comparisons)
        try c.encode(exact, forKey: .exact)
        try c.encode(adjacent, forKey: .adjacent)
        try c.encode(kappaRaters, forKey: .kappaRaters)
        try c.encode(kappaItems, forKey: .kappaItems)
        try c.encode(kappaLinear, forKey: .kappaLinear)
        try c.encode(kappaQuadratic, forKey: .kappaQuadratic)
        try c.encode(alpha, forKey: .alpha)
        try c.encode(notes, forKey: .notes)
    }
}

/// The figures of one code.
public struct CodeAgreement: Sendable, Equatable, Encodable {
    public var code: String
    public var name: String
    /// The code's scale id; its points are the ranks compared.
    public var scale: String
    public var figures: AgreementFigures
}

/// Codes sharing one scale, pooled: the "overall" figures. Codes on different scales
/// are not pooled, since a step on a 2-point scale is not a step on a 5-point one.
public struct ScaleAgreement: Sendable, Equatable, Encodable {
    public var scale: String
    public var codes: [String]
    public var figures: AgreementFigures
}

/// An item where raters differ by two or more score points: material for calibration.
public struct Disagreement: Sendable, Equatable, Encodable {
    public struct Score: Sendable, Equatable, Encodable {
        public var rater: String
        public var score: String
    }
    public var item: RatedItem
    public var code: String
    public var scores: [Score]
    /// Highest rank minus lowest rank.
    public var spread: Int
}

/// `clipcoach review agreement`: per code, per scale (overall), and the wide disagreements.
public struct AgreementReport: Sendable, Equatable, Encodable {
    public var codebook: String
    /// The raters asked for (`--rater`), empty for all.
    public var selectedRaters: [String]
    public var codes: [CodeAgreement]
    public var overall: [ScaleAgreement]
    public var disagreements: [Disagreement]
    /// Scores left out, and why.
    public var notes: [String]
}
