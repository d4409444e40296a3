import Foundation
import Logging
import Media

enum LoggingSetup {
    // Commands run one per process, on one task; a plain flag is enough.
    nonisolated(unsafe) private static var done = false

    /// swift-log may be bootstrapped once per process; commands call this first.
    static func bootstrap(verbose: Bool) {
        guard !done else { return }
        done = true
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
