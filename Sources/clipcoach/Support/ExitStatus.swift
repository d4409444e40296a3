import ArgumentParser
import ClipCoachCore
import Failures

/// The documented exit codes (README, "Exit codes"). sysexits(3) values, so
/// scripts can tell a bad file from a bad command line from a full disk.
enum ExitStatus: Int32, Comparable {
    case ok = 0
    case usage = 64           // bad option, malformed time, START >= END
    case badData = 65         // not a media file, damaged media, invalid sidecar, codebook or catalog
    case noInput = 66         // missing, unreadable, or a directory
    case unavailable = 69     // the file lacks what the command needs (no video stream); not in this state
    case software = 70        // a bug in ClipCoach, or a failure it does not recognize
    case cannotCreate = 73    // output exists (no --force), output folder read-only
    case ioError = 74         // writing failed (disk full)
    case conflict = 75        // a concurrent edit could not be merged, the catalog is busy; retry
    case noPermission = 77    // the catalog's PostgreSQL server refused the user name or password

    static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    var exitCode: ExitCode { ExitCode(rawValue) }

    /// The one place a failure's category becomes an exit code (the review server's twin
    /// is `APIError.status(for:)`).
    init(_ category: FailureCategory) {
        switch category {
        case .usage: self = .usage
        case .data: self = .badData
        case .noInput: self = .noInput
        case .unavailable: self = .unavailable
        case .cannotCreate: self = .cannotCreate
        case .io: self = .ioError
        case .temporary: self = .conflict
        case .noPermission: self = .noPermission
        case .software: self = .software
        }
    }

    init(_ error: some CategorizedError) { self.init(error.category) }

    /// The exit status for any error: its category's, a described failure's own, else software.
    init(anyError error: any Error) {
        switch error {
        case let error as CommandFailure: self = error.status
        case let error as any CategorizedError: self.init(error.category)
        default: self = .software
        }
    }
}

/// An error the CLI has already described: prints its line and exits with its code.
struct CommandFailure: Error, CustomStringConvertible {
    let status: ExitStatus
    let message: String
    var description: String { message }
}

/// Prints the error's one line on stderr and returns the exit code to throw: every
/// command's failures go through here, so the same failure gives the same code everywhere.
func reportFailure(_ error: any Error) -> ExitCode {
    if let exit = error as? ExitCode { return exit }
    Output.problem(RemedyHint.line(error))
    return ExitStatus(anyError: error).exitCode
}
