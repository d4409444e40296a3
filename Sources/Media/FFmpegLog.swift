import CMedia
import Foundation
import Logging

/// Routes FFmpeg's own log lines into swift-log.
///
/// FFmpeg calls back from whatever thread it is on, through a C function
/// pointer that cannot capture context, so the logger lives in a locked global.
public enum FFmpegLog {
    private final class Sink: @unchecked Sendable {
        let lock = NSLock()
        var logger = Logger(label: "clipcoach.ffmpeg-log")
    }
    private static let sink = Sink()

    /// Installs the route. FFmpeg speaks only on errors unless `verbose`.
    public static func install(logger: Logger, verbose: Bool) {
        sink.lock.withLock { sink.logger = logger }
        // AV_LOG_ERROR = 16, AV_LOG_VERBOSE = 40; quiet keeps FFmpeg's chatter
        // about damaged files off the terminal: the tool reports them itself.
        let level: Int32 = verbose ? 40 : -8
        cm_log_install({ level, line in
            guard let line else { return }
            FFmpegLog.forward(level: level, line: String(cString: line))
        }, level)
    }

    private static func forward(level: Int32, line: String) {
        let swiftLevel: Logger.Level = switch level {
        case ...16: .error
        case ...24: .warning
        case ...32: .info
        default: .debug
        }
        sink.lock.withLock { sink.logger.log(level: swiftLevel, "\(line)") }
    }

    public static var libraryVersions: String { String(cString: cm_ffmpeg_version()) }
}
