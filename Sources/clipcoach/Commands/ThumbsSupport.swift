import ArgumentParser
import Foundation
import Media

/// A progress bar fed from several decoding tasks at once: one lock around the bar.
final class SharedProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let bar: ProgressBar

    init(_ title: String) { bar = ProgressBar(title) }

    func update(done: Int, total: Int) {
        lock.withLock { _ = bar.update(total > 0 ? Double(done) / Double(total) : 1, detail: "\(done)/\(total)") }
    }

    func finish() { lock.withLock { bar.finish() } }
}

/// Prints the one-line problem and turns a picture job's error into its exit code.
func exitForPictureJob(_ error: PictureJobError) -> ExitCode {
    Output.problem(RemedyHint.line(error))
    return ExitStatus(error).exitCode
}
