import Foundation

/// Times as people type and read them: `HH:MM:SS.mmm`, `H:MM:SS`, `MM:SS`, plain seconds.
///
/// Values are kept to the millisecond so that text formats round-trip exactly.
public enum Timecode {
    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        public let text: String
        public let reason: String
        public var description: String { "malformed time '\(text)': \(reason)" }
    }

    /// Parses a point in time in seconds. Accepts `90`, `90.5`, `1:30`, `01:30.250`, `1:01:30.250`.
    public static func parse(_ text: String) throws(ParseError) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ParseError(text: text, reason: "empty") }
        let fields = trimmed.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard fields.count <= 3 else { throw ParseError(text: text, reason: "too many ':' fields") }
        guard let secondsField = fields.last, let seconds = decimal(secondsField) else {
            throw ParseError(text: text, reason: "seconds must be a number like 12 or 12.345")
        }
        var total = seconds
        if fields.count >= 2 {
            guard seconds < 60 else { throw ParseError(text: text, reason: "seconds must be below 60") }
            guard let minutes = wholeNumber(fields[fields.count - 2]) else {
                throw ParseError(text: text, reason: "minutes must be a whole number")
            }
            if fields.count == 3 {
                guard minutes < 60 else { throw ParseError(text: text, reason: "minutes must be below 60") }
                guard let hours = wholeNumber(fields[0]) else {
                    throw ParseError(text: text, reason: "hours must be a whole number")
                }
                total += Double(hours) * 3600
            }
            total += Double(minutes) * 60
        }
        return rounded(total)
    }

    /// Parses a length with an optional unit: `7.5m`, `90s`, `1h`, `450`, or a timecode.
    public static func parseDuration(_ text: String) throws(ParseError) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("min", 60), ("h", 3600), ("m", 60), ("s", 1)]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            let number = String(trimmed.dropLast(suffix.count))
            guard let value = decimal(number) else {
                throw ParseError(text: text, reason: "expected a number before '\(suffix)'")
            }
            return rounded(value * scale)
        }
        return try parse(trimmed)
    }

    /// `H:MM:SS.mmm` when an hour or more, else `MM:SS.mmm`.
    public static func format(_ seconds: Double) -> String {
        let totalMilliseconds = Int64((shown(seconds) * 1000).rounded())
        let milliseconds = totalMilliseconds % 1000
        let totalSeconds = totalMilliseconds / 1000
        let (hours, minutes, secs) = (totalSeconds / 3600, (totalSeconds / 60) % 60, totalSeconds % 60)
        if hours > 0 {
            return String(format: "%lld:%02lld:%02lld.%03lld", hours, minutes, secs, milliseconds)
        }
        return String(format: "%02lld:%02lld.%03lld", minutes, secs, milliseconds)
    }

    /// `12:31`, `1:02:03`: whole seconds, as people read them in reports and transcripts
    /// (`format` when the milliseconds matter).
    public static func clock(_ seconds: Double) -> String {
        let whole = Int(shown(seconds).rounded(.down))
        let (h, m, s) = (whole / 3600, whole / 60 % 60, whole % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }

    /// What a time shows as: never below 0, and 0 for a value that is no time at all (NaN,
    /// infinity), which would otherwise stop the program when made a whole number.
    private static func shown(_ seconds: Double) -> Double {
        seconds.isFinite ? min(max(0, seconds), 1e12) : 0
    }

    /// Seconds rounded to the millisecond, the precision of every text format here.
    public static func rounded(_ seconds: Double) -> Double {
        (seconds * 1000).rounded() / 1000
    }

    private static func decimal(_ text: String) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              text.filter({ $0 == "." }).count <= 1, text != "." else { return nil }
        return Double(text)
    }

    private static func wholeNumber(_ text: String) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}
