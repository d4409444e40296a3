import ArgumentParser
import ClipCoachCore
import Media

/// The documented exit codes (README, "Exit codes"). sysexits(3) values, so
/// scripts can tell a bad file from a bad command line from a full disk.
enum ExitStatus: Int32, Comparable {
    case ok = 0
    case failure = 1          // anything not listed below
    case usage = 64           // bad option, malformed time, START >= END
    case badData = 65         // not a media file, damaged media, invalid sidecar or codebook
    case noInput = 66         // missing, unreadable, or a directory
    case unavailable = 69     // the file lacks what the command needs (no video stream)
    case software = 70        // a bug in ClipCoach
    case cannotCreate = 73    // output exists (no --force), output folder missing or read-only
    case ioError = 74         // writing failed (disk full)
    case conflict = 75        // a concurrent edit could not be merged; retry
    case noPermission = 77    // the catalog's PostgreSQL server refused the user name or password

    static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    var exitCode: ExitCode { ExitCode(rawValue) }

    init(_ error: MediaError) {
        switch error.kind {
        case .cannotOpen: self = .noInput
        case .notMedia, .damaged, .limitExceeded: self = .badData
        case .noVideo, .unsupported, .needsReencode: self = .unavailable
        case .invalidArgument: self = .usage
        case .writeFailed: self = .ioError
        case .encodeFailed, .outOfMemory: self = .failure
        case .cancelled: self = .failure
        }
    }
}

/// An error the CLI has already described: prints its line and exits with its code.
struct CommandFailure: Error, CustomStringConvertible {
    let status: ExitStatus
    let message: String
    var description: String { message }
}
