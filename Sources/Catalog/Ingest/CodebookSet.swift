import ClipCoachCore

/// The codebooks ingest and search can rank scores with: the built-in MQI codebook
/// plus any loaded from files (`--codebook`), found by the id a sidecar names.
public struct CodebookSet: Sendable {
    public let codebooks: [Codebook]

    /// The built-in codebooks (MQI) and `extra` ones; an extra with a built-in's id replaces it.
    public init(extra: [Codebook] = []) {
        var all = extra
        if let mqi = Codebook.builtIn(id: Codebook.mqiID), !extra.contains(where: { $0.id == mqi.id }) {
            all.append(mqi)
        }
        codebooks = all
    }

    public func codebook(id: String) -> Codebook? { codebooks.first { $0.id == id } }
}

/// How good teaching a score point describes, on one ascending scale for every code: the
/// catalog's name for `Codebook.goodness` (the one score-direction rule), stored as `merit`.
public enum Merit {
    /// `rank` for ordinary codes; `top - rank` where a higher point is worse (errors.*),
    /// so the best score has the highest merit either way.
    public static func of(rank: Int, code: Codebook.Code, in codebook: Codebook) -> Int? {
        codebook.goodness(rank: rank, in: code)
    }

    /// The merit of a score point id on a code, nil if the point is not on its scale.
    public static func of(point: String, code: Codebook.Code, in codebook: Codebook) -> Int? {
        codebook.rank(of: point, in: code).flatMap { of(rank: $0, code: code, in: codebook) }
    }
}
