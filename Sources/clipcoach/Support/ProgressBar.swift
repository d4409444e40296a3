import Foundation

/// A one-line progress bar with ETA on stderr, shown only when stderr is a terminal
/// (nothing at all when piped or in CI logs).
final class ProgressBar {
    private let title: String
    private let started = Date()
    private var lastDraw = Date.distantPast
    private let enabled: Bool

    init(_ title: String, enabled: Bool = Output.stderrIsTerminal) {
        self.title = title
        self.enabled = enabled
    }

    /// Returns true (keep going); usable directly as a CMedia progress callback.
    @discardableResult
    func update(_ fraction: Double, detail: String = "") -> Bool {
        guard enabled else { return true }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 || fraction >= 1 else { return true }
        lastDraw = now
        let clamped = min(1, max(0, fraction))
        let width = 30
        let filled = Int(clamped * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let elapsed = now.timeIntervalSince(started)
        var eta = ""
        if clamped > 0.02 && clamped < 1 {
            eta = " ETA " + Self.clock(elapsed / clamped - elapsed)
        }
        let line = "\r\(title) [\(bar)] \(Int(clamped * 100))%\(eta) \(detail)"
        FileHandle.standardError.write(Data(line.utf8))
        return true
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private static func clock(_ seconds: Double) -> String {
        let total = Int(max(0, seconds).rounded())
        return String(format: "%d:%02d", total / 60, total % 60)
    }
}
