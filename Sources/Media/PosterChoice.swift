/// Choosing the most representative picture among candidates, as ffmpeg's
/// `thumbnail` filter does (the one whose histogram is nearest the average),
/// after setting aside black, blank and fade frames.
enum PosterChoice {
    struct Measured {
        let luma: LumaStats
        /// Luma histogram normalised to sum 1.
        let histogram: [Double]

        init(luma: LumaStats, counts: [UInt32]) {
            self.luma = luma
            let total = Double(counts.reduce(0) { $0 + UInt64($1) })
            histogram = counts.map { total > 0 ? Double($0) / total : 0 }
        }
    }

    struct Outcome {
        let index: Int
        let rejections: [String?]
        let distances: [Double]
    }

    // Mean luma below this (of 255), or mostly near-black pixels: a black frame.
    static let blackMean = 24.0
    static let blackShare = 0.9
    // So little spread that nothing is in the picture: a blank (one-colour) frame.
    static let blankSpread = 6.0
    // Much darker than the brightest real candidate: a fade in or out.
    static let fadeRatio = 0.6

    /// Why each candidate is unfit ("black", "blank", "fade"), nil if fit.
    static func rejections(_ stats: [LumaStats]) -> [String?] {
        let first: [String?] = stats.map { luma in
            if luma.mean < blackMean || luma.darkFraction > blackShare { return "black" }
            if luma.standardDeviation < blankSpread { return "blank" }
            return nil
        }
        let brightest = zip(stats, first).filter { $0.1 == nil }.map(\.0.mean).max() ?? 0
        return zip(stats, first).map { luma, reason in
            reason ?? (luma.mean < fadeRatio * brightest ? "fade" : nil)
        }
    }

    /// The chosen index: among fit candidates (all, if none is fit) the one
    /// nearest their average histogram; on a tie the one with more contrast. nil without candidates.
    static func choose(_ candidates: [Measured]) -> Outcome? {
        guard !candidates.isEmpty else { return nil }
        let rejections = rejections(candidates.map(\.luma))
        var pool = candidates.indices.filter { rejections[$0] == nil }
        if pool.isEmpty { pool = Array(candidates.indices) }
        var average = [Double](repeating: 0, count: 256)
        for index in pool {
            for (bin, value) in candidates[index].histogram.enumerated() where bin < 256 { average[bin] += value / Double(pool.count) }
        }
        let distances = candidates.map { candidate in
            zip(candidate.histogram, average).reduce(0) { sum, pair in sum + (pair.0 - pair.1) * (pair.0 - pair.1) }
        }
        guard var best = pool.first else { return nil }
        for index in pool.dropFirst() {
            let nearer = distances[index] < distances[best] - 1e-12
            // Two candidates are always equally far from their average: then the
            // one with more contrast (more content, less fade) wins.
            let tied = abs(distances[index] - distances[best]) <= 1e-12
            if nearer || (tied && candidates[index].luma.standardDeviation > candidates[best].luma.standardDeviation) {
                best = index
            }
        }
        return Outcome(index: best, rejections: rejections, distances: distances)
    }
}
