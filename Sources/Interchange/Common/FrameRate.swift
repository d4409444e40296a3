import Foundation

/// A video frame rate as a fraction (`25/1`, `30000/1001`), the time base of OpenTimelineIO's
/// `RationalTime` values.
public struct FrameRate: Equatable, Sendable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64

    /// nil unless both parts are positive.
    public init?(numerator: Int64, denominator: Int64) {
        guard numerator > 0, denominator > 0 else { return nil }
        self.numerator = numerator
        self.denominator = denominator
    }

    /// A probed rate (`29.97002997...`) as the fraction it stands for: whole rates as `N/1`,
    /// NTSC rates as `N/1001`; anything else to the millihertz (`N/1000`). nil for rates that
    /// are not positive and finite.
    public init?(approximating rate: Double) {
        guard rate.isFinite, rate > 0, rate < 1_000_000 else { return nil }
        for denominator: Int64 in [1, 1001, 1000] {
            let scaled = rate * Double(denominator)
            let whole = scaled.rounded()
            // Probed rates are exact fractions printed as doubles: a tiny relative error is noise.
            if whole >= 1, abs(scaled - whole) <= 1e-6 * scaled || denominator == 1000 {
                self.init(numerator: Int64(whole), denominator: denominator)
                return
            }
        }
        return nil
    }

    /// Parses `25`, `29.97`, `30000/1001`.
    public init?(text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let numerator = Int64(parts[0]), let denominator = Int64(parts[1]) {
            self.init(numerator: numerator, denominator: denominator)
        } else if parts.count == 1, let value = Double(parts[0]) {
            self.init(approximating: value)
        } else {
            return nil
        }
    }

    /// Frames per second as OTIO stores a rate.
    public var value: Double { Double(numerator) / Double(denominator) }

    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    /// The frame count at this rate for a time in whole milliseconds. A time within half a
    /// millisecond of a frame boundary (every cut point of a stream copy, rounded to the
    /// millisecond in the sidecar) becomes that whole frame; other times keep their fraction.
    /// Either way `milliseconds(frames:)` gives back exactly `milliseconds`.
    public func frames(milliseconds: Int64) -> Double {
        let exact = Double(milliseconds) * value / 1000
        let whole = exact.rounded()
        if self.milliseconds(frames: whole) == milliseconds { return whole }
        return exact
    }

    /// Whole milliseconds for a frame count at this rate.
    public func milliseconds(frames: Double) -> Int64 {
        Int64((frames / value * 1000).rounded())
    }
}
