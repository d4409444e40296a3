import Foundation

/// Who speaks in each stretch of speech. Long stretches are cut into pieces of at most 3 s;
/// each piece gets voice features (median pitch of its voiced frames, median brightness) and
/// the pieces are clustered into two voices with k-means. The voice with more talk time is the
/// teacher. When the two voices are too alike (one speaker, or a recording that cannot tell),
/// everything is the teacher's. Transcript cues with times, when given, settle each piece.
enum SpeakerAttribution {
    static let pieceFrames = 150   // 3 s

    struct Piece {
        var first: Int
        var end: Int
        var logPitch: Float?
        var brightness: Float
        var speaker: TalkMap.Speaker = .teacher
    }

    static func pieces(_ runs: [SpeechDetector.Run], _ frames: AudioFrames) -> [Piece] {
        var result: [Piece] = []
        for run in runs {
            let count = max(1, Int((Double(run.end - run.first) / Double(pieceFrames)).rounded(.up)))
            let size = (run.end - run.first + count - 1) / count
            var first = run.first
            while first < run.end {
                let end = min(run.end, first + size)
                let voiced = (first..<end).compactMap { frames.pitch[$0] > 0 ? log2f(frames.pitch[$0]) : nil }
                let bright = (first..<end).filter { frames.pitch[$0] > 0 }.map { frames.brightness[$0] }
                result.append(Piece(first: first, end: end, logPitch: median(voiced),
                                    brightness: median(bright) ?? median((first..<end).map { frames.brightness[$0] }) ?? 0))
                first = end
            }
        }
        return result
    }

    static func cluster(_ pieces: inout [Piece]) {
        let voiced = pieces.indices.filter { pieces[$0].logPitch != nil }
        guard voiced.count >= 2 else { return }
        let pitches = voiced.compactMap { pieces[$0].logPitch }
        let brights = voiced.map { pieces[$0].brightness }
        let (pitchMean, pitchSpread) = meanAndSpread(pitches)
        let (brightMean, brightSpread) = meanAndSpread(brights)
        // Pitch counts twice as much as brightness: it separates adults from children best.
        let points = voiced.indices.map { k in
            (2 * (pitches[k] - pitchMean) / pitchSpread, (brights[k] - brightMean) / brightSpread)
        }
        guard let low = points.indices.min(by: { points[$0].0 < points[$1].0 }),
              let high = points.indices.max(by: { points[$0].0 < points[$1].0 }) else { return }
        var centers = [points[low], points[high]]
        var assignment = [Int](repeating: 0, count: points.count)
        for _ in 0..<25 {
            for (k, point) in points.enumerated() {
                let d0 = distance(point, centers[0]), d1 = distance(point, centers[1])
                assignment[k] = d1 < d0 ? 1 : 0
            }
            for c in 0..<2 {
                let members = points.indices.filter { assignment[$0] == c }
                guard !members.isEmpty else { continue }
                centers[c] = (members.map { points[$0].0 }.reduce(0, +) / Float(members.count),
                              members.map { points[$0].1 }.reduce(0, +) / Float(members.count))
            }
        }
        // Two voices only if their typical pitches differ by a quarter octave or more.
        var pitchOf: [[Float]] = [[], []]
        var seconds = [0, 0]
        for (k, index) in voiced.enumerated() {
            pitchOf[assignment[k]].append(pitches[k])
            seconds[assignment[k]] += pieces[index].end - pieces[index].first
        }
        guard let p0 = median(pitchOf[0]), let p1 = median(pitchOf[1]), abs(p0 - p1) >= 0.25 else { return }
        let teacherCluster = seconds[0] >= seconds[1] ? 0 : 1
        for (k, index) in voiced.enumerated() {
            pieces[index].speaker = assignment[k] == teacherCluster ? .teacher : .student
        }
        // Unvoiced pieces follow the nearest voiced piece.
        for index in pieces.indices where pieces[index].logPitch == nil {
            if let nearest = voiced.min(by: { abs($0 - index) < abs($1 - index) }) { pieces[index].speaker = pieces[nearest].speaker }
        }
    }

    /// Cues with times and roles settle the pieces they overlap most.
    static func settle(_ pieces: inout [Piece], cues: [(start: Double, end: Double, speaker: TalkMap.Speaker)]) -> Int {
        var settled = 0
        for index in pieces.indices {
            let start = Double(pieces[index].first) * AudioFrames.frameSeconds
            let end = Double(pieces[index].end) * AudioFrames.frameSeconds
            var overlap: [TalkMap.Speaker: Double] = [:]
            for cue in cues where cue.end > start && cue.start < end {
                overlap[cue.speaker, default: 0] += min(end, cue.end) - max(start, cue.start)
            }
            if let best = overlap.max(by: { $0.value < $1.value }) {
                pieces[index].speaker = best.key
                settled += 1
            }
        }
        return settled
    }

    static func median(_ values: [Float]) -> Float? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    static func meanAndSpread(_ values: [Float]) -> (Float, Float) {
        let mean = values.reduce(0, +) / Float(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(values.count)
        return (mean, max(variance.squareRoot(), 1e-3))
    }

    static func distance(_ a: (Float, Float), _ b: (Float, Float)) -> Float {
        (a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)
    }
}
