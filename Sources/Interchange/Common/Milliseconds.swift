import Foundation

/// Times in the text formats are whole milliseconds, formatted from integers so that no
/// float printing can drift (`70.1` never becomes `70.09999`).
public enum Milliseconds {
    /// Seconds (as sidecars store them, rounded to the millisecond) to whole milliseconds.
    public static func from(seconds: Double) -> Int64 {
        Int64((seconds * 1000).rounded())
    }

    /// Whole milliseconds back to the seconds a sidecar stores.
    public static func seconds(_ milliseconds: Int64) -> Double {
        Double(milliseconds) / 1000
    }

    /// `70.000`, `0.250`, `3600.5` is never written: always three decimals (CSV, Media Fragments).
    public static func decimalSeconds(_ milliseconds: Int64) -> String {
        let sign = milliseconds < 0 ? "-" : ""
        let magnitude = milliseconds.magnitude
        return sign + "\(magnitude / 1000)." + padded(magnitude % 1000, width: 3)
    }

    /// WebVTT timestamp `HH:MM:SS.mmm` (hours may grow past two digits).
    public static func webVTT(_ milliseconds: Int64) -> String {
        let value = max(0, milliseconds).magnitude
        let totalSeconds = value / 1000
        return padded(totalSeconds / 3600, width: 2) + ":" + padded((totalSeconds / 60) % 60, width: 2) + ":"
            + padded(totalSeconds % 60, width: 2) + "." + padded(value % 1000, width: 3)
    }

    private static func padded(_ value: UInt64, width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

/// A span of a timeline in whole milliseconds.
public struct MillisecondSpan: Equatable, Sendable {
    public var start: Int64
    public var end: Int64

    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }

    public init(seconds start: Double, _ end: Double) {
        self.init(start: Milliseconds.from(seconds: start), end: Milliseconds.from(seconds: end))
    }

    public var duration: Int64 { end - start }

    public func contains(_ other: MillisecondSpan) -> Bool { other.start >= start && other.end <= end }

    public func shifted(by offset: Int64) -> MillisecondSpan { MillisecondSpan(start: start + offset, end: end + offset) }
}
