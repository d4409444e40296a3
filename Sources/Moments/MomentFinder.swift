import ClipCoachCore
import Foundation
import TalkMoves

enum TalkMoveNamesList {
    static let all = Array(Set(TalkMoveNames.teacher + TalkMoveNames.student).subtracting(["none"])).sorted()
}

/// A candidate clip of the lesson for one focus code, with its reasons in words.
public struct Moment: Sendable, Equatable, Codable {
    public var code: String
    public var rank: Int
    public var start: Double
    public var end: Double
    /// The map's value of the window for the code (higher: more of what the code looks for).
    public var score: Double
    public var studentShare: Double
    public var reasons: [String]

    /// Where it is on the lesson's timeline.
    public var window: ClipWindow { ClipWindow(start: start, end: end) }
}

/// A tagged transcript sentence with its time on the lesson's timeline.
public struct TimedMove: Sendable, Equatable {
    public var time: Double
    public var role: TalkRole
    public var move: String
    public init(time: Double, role: TalkRole, move: String) {
        self.time = time
        self.role = role
        self.move = move
    }
}

/// Finds candidate windows (60-120 s, on keyframes for copy cuts) and ranks them per focus code.
public struct MomentFinder: Sendable {
    public var map: MomentsMap
    public var duration: Double
    public var length: Double
    public var keyframes: [Double]
    public var perCode: Int

    public init(map: MomentsMap, duration: Double, length: Double = 90, keyframes: [Double] = [], perCode: Int = 3) {
        self.map = map
        self.duration = duration
        self.length = min(max(length, 60), 120)
        self.keyframes = keyframes
        self.perCode = perCode
    }

    struct Window {
        var start: Double
        var end: Double
        var moveCounts: [String: Int]
        var studentShare: Double
        var talkSeconds: Double
        var waits: [TalkMap.Pause]
        var studentStretches: Int
        var longestStudent: Double

        var window: ClipWindow { ClipWindow(start: start, end: end) }
    }

    /// Every candidate window of the lesson, 15 s apart.
    func windows(talk: TalkMap?, moves: [TimedMove]) -> [Window] {
        let span = min(length, duration)
        guard span >= 10 else { return [] }
        var starts: [Double] = []
        var start = 0.0
        while start + span <= duration + 1e-6 {
            starts.append(start)
            start += 15
        }
        if let last = starts.last, last + span < duration - 1 { starts.append(duration - span) }
        var seen = Set<Double>()
        return starts.compactMap { proposed in
            let begin = snap(proposed)
            guard seen.insert(begin).inserted else { return nil }
            let end = min(duration, begin + span)
            return describe(start: begin, end: end, talk: talk, moves: moves)
        }
    }

    /// The keyframe at or before `time` (a copy cut starts there anyway).
    func snap(_ time: Double) -> Double {
        guard let keyframe = keyframes.last(where: { $0 <= time + 1e-6 }) else { return keyframes.first.map { min($0, time) } ?? time }
        return Timecode.rounded(keyframe)
    }

    func describe(start: Double, end: Double, talk: TalkMap?, moves: [TimedMove]) -> Window {
        var counts: [String: Int] = [:]
        for move in moves where move.time >= start && move.time < end && move.move != "none" { counts[move.move, default: 0] += 1 }
        var share = 0.0, talkSeconds = 0.0, waits: [TalkMap.Pause] = [], stretches = 0, longest = 0.0
        if let talk {
            let summary = TalkMap.Share(segment: nil, start: start, end: end, talk: talk.talk)
            share = summary.studentShare
            talkSeconds = summary.teacher + summary.student + summary.group
            // Wait time: a pause after the teacher that a student ends.
            for pause in talk.pauses where pause.start >= start && pause.end <= end {
                let before = talk.talk.last(where: { $0.end <= pause.start + 1e-6 })
                let after = talk.talk.first(where: { $0.start >= pause.end - 1e-6 })
                if before?.speaker == .teacher, let after, after.speaker != .teacher { waits.append(pause) }
            }
            for stretch in talk.talk where stretch.speaker != .teacher {
                let inside = min(end, stretch.end) - max(start, stretch.start)
                if inside >= 3 { stretches += 1 }
                longest = max(longest, inside)
            }
        }
        return Window(start: start, end: end, moveCounts: counts, studentShare: share, talkSeconds: talkSeconds,
                      waits: waits, studentStretches: stretches, longestStudent: longest)
    }

    func value(_ window: Window, _ weights: MomentsMap.Weights) -> Double {
        var total = 0.0
        for (move, count) in window.moveCounts { total += (weights.moves[move] ?? 0) * Double(count) }
        total += weights.studentShare * window.studentShare
        total += weights.waitTime * Double(window.waits.count)
        total += weights.studentStretch * Double(window.studentStretches)
        return total
    }

    /// The best windows for each code, not overlapping each other, best first.
    public func find(codes: [String], talk: TalkMap?, moves: [TimedMove]) -> [Moment] {
        let candidates = windows(talk: talk, moves: moves)
        var result: [Moment] = []
        for code in codes {
            let weights = map.weights(for: code)
            let valued: [(Window, Double)] = candidates.map { window in (window, value(window, weights)) }
            let ranked = valued.filter { $0.1 > 0 }.sorted { (a: (Window, Double), b: (Window, Double)) -> Bool in
                a.1 != b.1 ? a.1 > b.1 : a.0.start < b.0.start
            }
            var chosen: [(Window, Double)] = []
            for entry in ranked where chosen.count < perCode {
                if chosen.contains(where: { $0.0.window.overlaps(entry.0.window) }) { continue }
                chosen.append(entry)
            }
            for (rank, entry) in chosen.enumerated() {
                result.append(Moment(code: code, rank: rank + 1, start: entry.0.start, end: entry.0.end,
                                     score: TalkMap.rounded(entry.1), studentShare: entry.0.studentShare,
                                     reasons: reasons(entry.0, weights, hasTalk: talk != nil)))
            }
        }
        return result
    }

    /// The weakest talk-filled window for a code outside `avoiding`: where the next step is.
    public func growth(code: String, talk: TalkMap?, moves: [TimedMove], avoiding: ClipWindow?) -> Moment? {
        let weights = map.weights(for: code)
        let candidates = windows(talk: talk, moves: moves).filter { window in
            guard let avoiding else { return true }
            return !window.window.overlaps(avoiding)
        }
        // Only windows where people talk most of the time: a silent stretch teaches nothing.
        let busy = candidates.filter { talk == nil || $0.talkSeconds >= 0.5 * $0.window.length }
        let pool = busy.isEmpty ? candidates : busy
        guard let weakest = pool.min(by: { (a: Window, b: Window) -> Bool in
            let (va, vb) = (value(a, weights), value(b, weights))
            return va != vb ? va < vb : a.start < b.start
        }) else {
            return nil
        }
        return Moment(code: code, rank: 1, start: weakest.start, end: weakest.end, score: TalkMap.rounded(value(weakest, weights)),
                      studentShare: weakest.studentShare, reasons: reasons(weakest, weights, hasTalk: talk != nil))
    }

    func reasons(_ window: Window, _ weights: MomentsMap.Weights, hasTalk: Bool) -> [String] {
        let seconds = Int(window.window.length.rounded())
        var parts: [String] = []
        let counted = window.moveCounts.filter { (weights.moves[$0.key] ?? 0) > 0 }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if !counted.isEmpty {
            parts.append(counted.map { Self.phrase($0.key, $0.value) }.joined(separator: ", ") + " in \(seconds) s")
        } else if !window.moveCounts.isEmpty || !hasTalk {
            parts.append("none of the talk moves this code looks for in \(seconds) s")
        }
        if hasTalk {
            parts.append("students talk \(Int((window.studentShare * 100).rounded()))% of it")
            if let wait = window.waits.max(by: { ($0.end - $0.start) < ($1.end - $1.start) }) {
                let longest = "a \(Int((wait.end - wait.start).rounded())) s wait after the teacher at \(Timecode.clock(wait.start))"
                parts.append(window.waits.count > 1 ? "\(window.waits.count) waits after the teacher, the longest \(longest.dropFirst(2))" : longest)
            }
            if window.studentStretches > 0 {
                parts.append("\(window.studentStretches) student stretch\(window.studentStretches == 1 ? "" : "es") of 3 s or more (longest \(Int(window.longestStudent.rounded())) s)")
            }
        }
        return ["\(Timecode.clock(window.start)) - \(Timecode.clock(window.end)): " + parts.joined(separator: "; ")]
    }

    static func phrase(_ move: String, _ count: Int) -> String {
        let names: [String: (String, String)] = [
            "pressing-for-reasoning": ("press for reasoning", "presses for reasoning"),
            "pressing-for-accuracy": ("press for accuracy", "presses for accuracy"),
            "providing-evidence": ("student explanation", "student explanations"),
            "making-a-claim": ("student claim", "student claims"),
            "revoicing": ("revoicing", "revoicings"),
            "restating": ("restating", "restatings"),
            "getting-students-to-relate": ("prompt to relate to another's idea", "prompts to relate to another's idea"),
            "keeping-together": ("keeping everyone together", "moves keeping everyone together"),
            "relating-to-another-student": ("student building on another", "students building on another"),
            "asking-for-more-information": ("student question", "student questions"),
        ]
        let (one, many) = names[move] ?? (move, move)
        return "\(count) \(count == 1 ? one : many)"
    }
}
