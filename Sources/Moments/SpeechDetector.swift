/// Speech vs non-speech per 20 ms frame from `AudioFrames`.
///
/// The noise floor adapts: it is the lowest level (a low percentile of each half second) within 8 s either side, so steady room
/// noise and hum that survives the high-pass raise it and do not count as speech. A stretch
/// starts 8 dB over the floor and lasts while 4 dB over it (hysteresis); gaps under 300 ms are
/// bridged; stretches with fewer than 80 ms of voiced (periodic) frames or shorter than 200 ms
/// are dropped: knocks, chairs and claps are loud but not voiced.
public enum SpeechDetector {
    static let blockFrames = 25          // 0.5 s
    static let floorReachBlocks = 16     // 8 s either side
    static let onsetDB: Float = 8
    static let sustainDB: Float = 4
    static let quietestSpeechDB: Float = -70
    static let bridgeFrames = 15         // 300 ms
    static let minVoicedFrames = 4       // 80 ms
    static let minFrames = 10            // 200 ms

    public struct Run: Sendable, Equatable {
        public var first: Int   // frame index
        public var end: Int     // one past the last frame
    }

    /// The noise floor of every frame.
    static func floor(_ level: [Float]) -> [Float] {
        let blocks = (level.count + blockFrames - 1) / blockFrames
        guard blocks > 0 else { return [] }
        // Each block's 20th percentile, not its minimum: one odd frame (a dropout, the encoder's
        // priming silence) must not drag the floor down.
        var blockMin = [Float](repeating: 0, count: blocks)
        for b in 0..<blocks {
            // A short last block borrows the one before it: a few frames of the encoder's
            // end padding are not the room.
            let first = min(b * blockFrames, max(0, level.count - blockFrames))
            let frames = level[first..<min(level.count, first + blockFrames)].sorted()
            blockMin[b] = frames[frames.count / 5]
        }
        var floorOfBlock = [Float](repeating: 0, count: blocks)
        for b in 0..<blocks {
            let window = blockMin[max(0, b - floorReachBlocks)...min(blocks - 1, b + floorReachBlocks)]
            floorOfBlock[b] = max(window.min() ?? quietestSpeechDB, quietestSpeechDB - onsetDB)
        }
        return level.indices.map { floorOfBlock[$0 / blockFrames] }
    }

    /// The speech stretches, as frame runs.
    public static func runs(_ frames: AudioFrames) -> [Run] {
        let level = frames.level
        let floor = floor(level)
        var candidate: [Run] = []
        var start: Int?
        for i in level.indices {
            let above = level[i] - floor[i]
            if let first = start {
                if above < sustainDB || level[i] < quietestSpeechDB - onsetDB {
                    candidate.append(Run(first: first, end: i))
                    start = nil
                }
            } else if above >= onsetDB && level[i] >= quietestSpeechDB {
                start = i
            }
        }
        if let first = start { candidate.append(Run(first: first, end: level.count)) }
        // Bridge short gaps (between words, a breath).
        var bridged: [Run] = []
        for run in candidate {
            if let last = bridged.last, run.first - last.end <= bridgeFrames {
                bridged[bridged.count - 1].end = run.end
            } else {
                bridged.append(run)
            }
        }
        let pitch = frames.pitch
        return bridged.compactMap { run in
            let voiced = (run.first..<run.end).reduce(0) { $0 + (pitch[$1] > 0 ? 1 : 0) }
            guard voiced >= minVoicedFrames, run.end - run.first >= minFrames else { return nil }
            // One frame of hangover either side: onsets and releases are quieter than vowels.
            return Run(first: max(0, run.first - 1), end: min(level.count, run.end + 1))
        }
    }
}
