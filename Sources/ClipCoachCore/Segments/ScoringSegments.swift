/// Dividing a lesson into MQI scoring segments.
///
/// The rule (docs/sidecar.md): segments of exactly `length` from 0, computed in whole
/// milliseconds so that 45 min at 7.5 min gives exactly 6 segments of 450 s. What is left
/// after the last full segment becomes a final, shorter segment, unless it is under 1 s:
/// such a sliver (a container's duration often overshoots by a few frames or audio
/// priming samples) joins the previous segment instead. A lesson shorter than one
/// segment is one segment.
public enum ScoringSegments {
    /// The usual MQI segment length: 7.5 minutes.
    public static let defaultLength = 450.0
    /// Remainders shorter than this join the previous segment.
    public static let shortestRemainder = 1.0

    public struct RuleError: Error, Equatable, CustomStringConvertible, Sendable {
        public let message: String
        public var description: String { message }
    }

    public static func divide(duration: Double, length: Double) throws(RuleError) -> [Sidecar.Segment] {
        guard duration.isFinite, duration > 0 else {
            throw RuleError(message: "the lesson's duration \(duration) s is not a positive length")
        }
        guard length.isFinite, length >= shortestRemainder else {
            throw RuleError(message: "segment length \(length) s must be at least \(Int(shortestRemainder)) s")
        }
        let total = Int64((duration * 1000).rounded())
        let step = Int64((length * 1000).rounded())
        let minimum = Int64((shortestRemainder * 1000).rounded())
        var full = total / step
        let remainder = total % step
        if full == 0 { return [Sidecar.Segment(number: 1, start: 0, end: Double(total) / 1000)] }
        if remainder >= minimum { full += 1 }
        return (0..<full).map { index in
            let start = index * step
            let end = index == full - 1 ? total : start + step
            return Sidecar.Segment(number: Int(index) + 1, start: Double(start) / 1000, end: Double(end) / 1000)
        }
    }
}
