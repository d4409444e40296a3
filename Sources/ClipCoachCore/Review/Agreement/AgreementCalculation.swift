/// A request the agreement figures cannot answer, named for the person who typed it.
public enum AgreementError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownCode(String, codebook: String)
    case oneRater(String)

    public var description: String {
        switch self {
        case .unknownCode(let code, let codebook):
            "'\(code)' is not a code of \(codebook) (see `clipcoach codebook`)"
        case .oneRater(let rater):
            "agreement needs two or more raters, only '\(rater)' was named"
        }
    }
}

extension AgreementReport {
    /// Agreement of `ratings` per code of `codebook`, pooled per scale, plus the items where
    /// raters differ by two or more points.
    ///
    /// - `codes`: only these codes (empty: every code that has ratings).
    /// - `raters`: only these raters (empty: everyone). With exactly two, kappa compares them;
    ///   with none given, kappa is computed where a code has exactly two raters.
    ///
    /// When one rater scored the same item and code more than once, the latest score counts.
    /// Ratings naming a code or score point the codebook does not have are left out and counted
    /// in `notes`.
    public static func compute(_ recorded: [Rating], codebook: Codebook, codes: [String] = [],
                               raters: [String] = []) throws(AgreementError) -> AgreementReport {
        for code in codes where codebook.code(code) == nil {
            throw .unknownCode(code, codebook: codebook.id)
        }
        // `--rater ANA` picks the rater recorded as "ana": people are matched by their name key.
        let spellings = Dictionary(recorded.map { (PersonName.key($0.rater), $0.rater) }, uniquingKeysWith: { first, _ in first })
        // "Ana" and "ana" are one rater: every rating is grouped under one spelling of its key,
        // so one person's two spellings never count as two raters agreeing with each other.
        let ratings = recorded.map { rating in
            var same = rating
            same.rater = spellings[PersonName.key(rating.rater)] ?? rating.rater
            return same
        }
        let selectedRaters = Array(Set(raters.map { spellings[PersonName.key($0)] ?? $0 })).sorted()
        if selectedRaters.count == 1 { throw .oneRater(selectedRaters[0]) }
        let pair = selectedRaters.count == 2 ? (selectedRaters[0], selectedRaters[1]) : nil

        var table = ScoreTable()
        var ignored = 0
        for rating in ratings {
            if !codes.isEmpty && !codes.contains(rating.code) { continue }
            if !selectedRaters.isEmpty && !selectedRaters.contains(rating.rater) { continue }
            guard let code = codebook.code(rating.code), let rank = codebook.rank(of: rating.score, in: code) else {
                ignored += 1
                continue
            }
            table.add(rating, rank: rank)
        }

        var codeRows: [CodeAgreement] = []
        var disagreements: [Disagreement] = []
        var codesByScale: [String: [Codebook.Code]] = [:]
        for code in codebook.codes where table.hasRatings(for: code.id) {
            guard let scale = codebook.scale(for: code) else { continue }
            let units = table.units(for: code.id)
            codeRows.append(CodeAgreement(code: code.id, name: code.name, scale: scale.id,
                                          figures: figures(units.map(\.ranks), categories: scale.points.count, pair: pair)))
            codesByScale[scale.id, default: []].append(code)
            disagreements += wideDisagreements(units, code: code, scale: scale)
        }
        let overall = codebook.scales.compactMap { scale -> ScaleAgreement? in
            guard let members = codesByScale[scale.id] else { return nil }
            let units = members.flatMap { table.units(for: $0.id).map(\.ranks) }
            return ScaleAgreement(scale: scale.id, codes: members.map(\.id),
                                  figures: figures(units, categories: scale.points.count, pair: pair))
        }
        var notes: [String] = []
        if ignored > 0 { notes.append("\(ignored) score(s) name a code or score point not in \(codebook.id) and were left out") }
        return AgreementReport(codebook: codebook.id, selectedRaters: selectedRaters, codes: codeRows,
                               overall: overall, disagreements: disagreements, notes: notes)
    }

    /// The figures over `units` (each: rater -> rank on a scale of `categories` points).
    static func figures(_ units: [[String: Int]], categories: Int, pair: (String, String)?) -> AgreementFigures {
        let doubleScored = units.filter { $0.count >= 2 }
        let raters = Set(doubleScored.flatMap(\.keys)).sorted()
        var notes: [String] = []

        var comparisons = 0, exact = 0, adjacent = 0
        for unit in doubleScored {
            let ranks = unit.sorted { $0.key < $1.key }.map(\.value)
            for a in ranks.indices {
                for b in ranks.indices where b > a {
                    comparisons += 1
                    let distance = abs(ranks[a] - ranks[b])
                    if distance == 0 { exact += 1 }
                    if distance <= 1 { adjacent += 1 }
                }
            }
        }
        if doubleScored.isEmpty { notes.append("no item was scored by two raters") }

        let kappaPair = pair ?? (raters.count == 2 ? (raters[0], raters[1]) : nil)
        var kappaItems = 0
        var kappaLinear: Double?, kappaQuadratic: Double?
        if let (first, second) = kappaPair {
            let pairs = doubleScored.compactMap { unit -> (Int, Int)? in
                guard let a = unit[first], let b = unit[second] else { return nil }
                return (a, b)
            }
            kappaItems = pairs.count
            kappaLinear = CohenKappa.kappa(pairs, categories: categories, weighting: .linear)
            kappaQuadratic = CohenKappa.kappa(pairs, categories: categories, weighting: .quadratic)
            if !pairs.isEmpty && kappaLinear == nil {
                notes.append("kappa undefined: \(first) and \(second) each used a single, same score point")
            }
        } else if raters.count > 2 {
            notes.append("kappa compares two raters: name two to see it")
        }

        let alpha = KrippendorffAlpha.ordinal(doubleScored.map { Array($0.values) }, categories: categories)
        if !doubleScored.isEmpty && alpha == nil { notes.append("alpha undefined: every score is the same point") }

        func share(_ count: Int) -> Double? { comparisons == 0 ? nil : Double(count) / Double(comparisons) }
        return AgreementFigures(
            items: doubleScored.count, raters: raters, comparisons: comparisons,
            exact: share(exact), adjacent: share(adjacent),
            kappaRaters: kappaPair.map { [$0.0, $0.1] }, kappaItems: kappaItems,
            kappaLinear: kappaLinear, kappaQuadratic: kappaQuadratic, alpha: alpha, notes: notes)
    }

    static func wideDisagreements(_ units: [ScoreTable.Unit], code: Codebook.Code, scale: Codebook.Scale) -> [Disagreement] {
        units.compactMap { unit in
            guard unit.ranks.count >= 2, let low = unit.ranks.values.min(), let high = unit.ranks.values.max(),
                  high - low >= 2 else { return nil }
            let scores = unit.ranks.sorted { $0.key < $1.key }.map { rater, rank in
                Disagreement.Score(rater: rater, score: scale.points[rank].id)
            }
            return Disagreement(item: unit.item, code: code.id, scores: scores, spread: high - low)
        }
    }
}

/// Ratings arranged as code -> item -> rater -> rank, keeping each rater's latest score.
struct ScoreTable {
    struct Unit {
        var item: RatedItem
        var ranks: [String: Int]
    }

    private struct Entry {
        var rank: Int
        var updatedAt: String
    }

    private var entries: [String: [RatedItem: [String: Entry]]] = [:]

    mutating func add(_ rating: Rating, rank: Int) {
        let previous = entries[rating.code]?[rating.item]?[rating.rater]
        // ISO 8601 UTC times compare as text; on a tie the later rating in the input wins.
        if let previous, previous.updatedAt > rating.updatedAt { return }
        entries[rating.code, default: [:]][rating.item, default: [:]][rating.rater] = Entry(rank: rank, updatedAt: rating.updatedAt)
    }

    func hasRatings(for code: String) -> Bool { entries[code] != nil }

    /// The items of one code in a stable order (by unit, then segment).
    func units(for code: String) -> [Unit] {
        (entries[code] ?? [:]).sorted { $0.key < $1.key }.map { item, byRater in
            Unit(item: item, ranks: byRater.mapValues(\.rank))
        }
    }
}
