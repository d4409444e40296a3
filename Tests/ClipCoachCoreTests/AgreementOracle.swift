import Foundation
import Testing
import TestSupport

/// The independent implementations the agreement figures are checked against: scikit-learn's
/// `cohen_kappa_score` and the `krippendorff` package, run by python3 on the same data.
/// A missing module FAILS the calling test (never skips it): run Scripts/install-deps.sh.
enum AgreementOracle {
    struct KappaCase: Encodable {
        var categories: Int
        var first: [Int]
        var second: [Int]
    }

    struct AlphaCase: Encodable {
        var categories: Int
        /// raters x units; nil = the rater did not score the unit.
        var matrix: [[Int?]]
    }

    struct Answers: Decodable {
        var kappa: [[Double]]
        var alpha: [Double]
    }

    static let script = """
    import json, sys
    try:
        import numpy as np
        from sklearn.metrics import cohen_kappa_score
        import krippendorff
    except ImportError as error:
        print(f"python3 cannot import the agreement oracles ({error}): run Scripts/install-deps.sh")
        sys.exit(3)
    data = json.load(sys.stdin)
    kappa = []
    for case in data["kappa"]:
        labels = list(range(case["categories"]))
        kappa.append([float(cohen_kappa_score(case["first"], case["second"], labels=labels, weights=w))
                      for w in ("linear", "quadratic")])
    alpha = []
    for case in data["alpha"]:
        matrix = np.array([[np.nan if v is None else v for v in row] for row in case["matrix"]], dtype=float)
        alpha.append(float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="ordinal",
                                               value_domain=list(range(case["categories"])))))
    print(json.dumps({"kappa": kappa, "alpha": alpha}))
    """

    /// Linear and quadratic kappa per kappa case, ordinal alpha per alpha case.
    static func answers(kappa: [KappaCase], alpha: [AlphaCase], sourceLocation: SourceLocation = #_sourceLocation) throws -> Answers? {
        struct Input: Encodable { var kappa: [KappaCase]; var alpha: [AlphaCase] }
        let folder = try Fixtures.temporaryFolder("agreement-oracle")
        let input = folder.appendingPathComponent("input.json")
        try JSONEncoder().encode(Input(kappa: kappa, alpha: alpha)).write(to: input)
        let result = try run("/bin/sh", ["-c", "python3 -c \"$1\" < \"$2\"", "oracle", script, input.path])
        #expect(result.status != 3, "\(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) (the oracles are required, not optional)",
                sourceLocation: sourceLocation)
        #expect(result.status == 0, "oracle failed: \(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
        guard result.status == 0 else { return nil }
        return try JSONDecoder().decode(Answers.self, from: result.stdoutData)
    }
}

/// Reproducible pseudo-random scores (SplitMix64), so a failure can be replayed.
struct SeededScores {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// A score near `truth`: mostly equal, sometimes one point off, now and then two or more.
    mutating func rater(near truth: Int, categories: Int) -> Int {
        let roll = below(100)
        let offset = roll < 55 ? 0 : roll < 80 ? 1 : roll < 92 ? -1 : roll < 97 ? 2 : -2
        return min(categories - 1, max(0, truth + offset))
    }
}
