import Foundation
import Logging
import Media

enum LoggingSetup {
    // Commands run one per process, on one task; a plain flag is enough.
    nonisolated(unsafe) private static var done = false
    nonisolated(unsafe) private(set) static var verbose = false

    /// A line for `--verbose` runs only, on stderr (what was chosen and why).
    static func note(_ line: String) {
        guard verbose else { return }
        FileHandle.standardError.write(Data(("clipcoach: " + line + "\n").utf8))
    }

    /// swift-log may be bootstrapped once per process; commands call this first.
    static func bootstrap(verbose: Bool) {
        guard !done else { return }
        done = true
        self.verbose = verbose
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .error
            return handler
        }
        var logger = Logger(label: "clipcoach.ffmpeg-log")
        logger.logLevel = verbose ? .debug : .error
        FFmpegLog.install(logger: logger, verbose: verbose)
    }
}
