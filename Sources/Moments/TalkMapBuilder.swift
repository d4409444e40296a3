import Foundation
import TalkMoves

/// Turns the audio frames (and, when given, a timed transcript) into a `TalkMap`.
public enum TalkMapBuilder {
    /// A transcript line placed on the timeline with its speaker's role.
    public struct TimedCue: Sendable {
        public var start: Double
        public var end: Double
        public var speaker: TalkMap.Speaker
        public init(start: Double, end: Double, speaker: TalkMap.Speaker) {
            self.start = start
            self.end = end
            self.speaker = speaker
        }
    }

    public static func build(frames: AudioFrames, duration: Double, minPause: Double,
                             cues: [TimedCue] = []) -> TalkMap {
        let runs = SpeechDetector.runs(frames)
        var pieces = SpeakerAttribution.pieces(runs, frames)
        SpeakerAttribution.cluster(&pieces)
        let settled = cues.isEmpty ? 0 : SpeakerAttribution.settle(&pieces, cues: cues.map { ($0.start, $0.end, $0.speaker) })
        let seconds = AudioFrames.frameSeconds
        var talk: [TalkMap.Stretch] = []
        for piece in pieces {
            let start = TalkMap.rounded(Double(piece.first) * seconds)
            let end = TalkMap.rounded(min(duration, Double(piece.end) * seconds))
            guard end > start else { continue }
            if let last = talk.last, last.speaker == piece.speaker, start - last.end < 0.05 {
                talk[talk.count - 1].end = end
            } else {
                talk.append(TalkMap.Stretch(start: start, end: end, speaker: piece.speaker))
            }
        }
        var pauses: [TalkMap.Pause] = []
        for (before, after) in zip(talk, talk.dropFirst()) where after.start - before.end >= minPause {
            pauses.append(TalkMap.Pause(start: before.end, end: after.start))
        }
        return TalkMap(duration: duration, talk: talk, pauses: pauses,
                       attribution: settled > 0 ? "transcript" : "audio", minPause: minPause)
    }

    /// Cues from a transcript whose lines have times; a line without an end lasts until the next.
    public static func cues(_ lines: [Transcript.Line], roles: [TalkSentence]) -> [TimedCue] {
        var result: [TimedCue] = []
        for (index, line) in lines.enumerated() {
            guard let start = line.start else { continue }
            let next = lines[(index + 1)...].lazy.compactMap(\.start).first
            let end = line.end ?? next ?? start + 5
            result.append(TimedCue(start: start, end: end, speaker: speaker(roles[index])))
        }
        return result
    }

    /// Whole-class answers (`SS`, `Class`, `Students`, `All`) are a group.
    static func speaker(_ sentence: TalkSentence) -> TalkMap.Speaker {
        if sentence.role == .teacher { return .teacher }
        let key = sentence.speaker.lowercased().trimmingCharacters(in: .whitespaces)
        return ["ss", "class", "students", "all", "group", "everyone"].contains(key) ? .group : .student
    }
}
