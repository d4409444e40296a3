/// What kind of failure, in the sysexits(3) set the README documents. Every module's error
/// says its category; the CLI turns it into an exit code in one place (`ExitStatus`), the
/// review server into an HTTP status in one place (`APIError`). So the same failure gives
/// the same exit code from every command and the same status from every route.
public enum FailureCategory: String, Sendable, Codable, CaseIterable {
    /// The request itself is wrong: a malformed time, an unknown code, a rule it breaks by itself.
    case usage
    /// An input exists but its content is wrong: not media, damaged, an invalid sidecar,
    /// codebook or catalog file, a request that contradicts what is recorded.
    case data
    /// An input is missing or cannot be read.
    case noInput
    /// The input lacks what the job needs (no video stream, a newer format), or the action
    /// does not apply to the thing as it is now.
    case unavailable
    /// An output cannot be made where asked: it exists, or its folder is read-only.
    case cannotCreate
    /// Writing failed midway (disk full, I/O error).
    case io
    /// Someone else changed or holds the thing meanwhile: try again.
    case temporary
    /// A bug in ClipCoach, or a failure it does not recognize.
    case software
}

/// The one error shape: a category, the subject (a file as the user named it, or a clip id;
/// never an absolute path the user did not give), and a message in the user's words with no
/// command-line flag names, so the web page can show it as well as the CLI.
public protocol CategorizedError: Error, CustomStringConvertible {
    var category: FailureCategory { get }
    /// What failed: a file as the user named it, or a clip id; empty when the whole request did.
    var subject: String { get }
}

extension CategorizedError {
    public var subject: String { "" }
}

extension FailureCategory {
    /// The category of any error: its own when it has one, else software (not understood).
    public init(of error: any Error) {
        self = (error as? any CategorizedError)?.category ?? .software
    }
}
