/// What the lesson's audio says about talk: who talks when, the pauses (wait time), and each
/// scoring segment's shares. Times are seconds on the lesson's timeline.
public struct TalkMap: Sendable, Equatable, Codable {
    public enum Speaker: String, Sendable, Codable, CaseIterable {
        case teacher, student, group
    }

    public struct Stretch: Sendable, Equatable, Codable {
        public var start: Double
        public var end: Double
        public var speaker: Speaker
        public init(start: Double, end: Double, speaker: Speaker) {
            self.start = start
            self.end = end
            self.speaker = speaker
        }
    }

    public struct Pause: Sendable, Equatable, Codable {
        public var start: Double
        public var end: Double
        public init(start: Double, end: Double) {
            self.start = start
            self.end = end
        }
    }

    /// Seconds and fractions of one scoring segment (or of the whole lesson).
    public struct Share: Sendable, Equatable, Codable {
        public var segment: Int?
        public var start: Double
        public var end: Double
        public var teacher: Double
        public var student: Double
        public var group: Double
        public var silence: Double
        /// Of the talk in the span (teacher + student + group), the students' and groups' part, 0...1.
        public var studentShare: Double

        public init(segment: Int?, start: Double, end: Double, talk: [Stretch]) {
            self.segment = segment
            self.start = start
            self.end = end
            var seconds: [Speaker: Double] = [:]
            for stretch in talk {
                let overlap = min(end, stretch.end) - max(start, stretch.start)
                if overlap > 0 { seconds[stretch.speaker, default: 0] += overlap }
            }
            teacher = TalkMap.rounded(seconds[.teacher] ?? 0)
            student = TalkMap.rounded(seconds[.student] ?? 0)
            group = TalkMap.rounded(seconds[.group] ?? 0)
            silence = TalkMap.rounded(max(0, end - start - teacher - student - group))
            let talkSeconds = teacher + student + group
            studentShare = talkSeconds > 0 ? TalkMap.rounded((student + group) / talkSeconds, places: 3) : 0
        }
    }

    public var duration: Double
    public var talk: [Stretch]
    public var pauses: [Pause]
    /// Where the speakers came from: `audio` (voice clustering) or `transcript`.
    public var attribution: String
    public var minPause: Double

    public init(duration: Double, talk: [Stretch], pauses: [Pause], attribution: String, minPause: Double) {
        self.duration = duration
        self.talk = talk
        self.pauses = pauses
        self.attribution = attribution
        self.minPause = minPause
    }

    /// Shares of each scoring segment (start, end pairs numbered from 1).
    public func shares(segments: [(start: Double, end: Double)]) -> [Share] {
        segments.enumerated().map { Share(segment: $0.offset + 1, start: $0.element.start, end: $0.element.end, talk: talk) }
    }

    static func rounded(_ value: Double, places: Int = 2) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
