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
    /// A server refused who we are (the catalog's PostgreSQL user name or password).
    case noPermission
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

/// What the user can do about a failure. A service names it instead of a command-line flag;
/// each face says it in its own words (the CLI as its flag, in `Sources/clipcoach`), so the
/// same error reads right on the web page too.
public enum Remedy: String, Sendable, Codable, CaseIterable {
    /// Ask for the existing output to be replaced.
    case overwrite
    /// Give a comment.
    case comment
    /// Say what the teacher's consent covers.
    case consentNote
    /// Give the codebook file the sidecars use.
    case codebookFile
    /// Give the lesson's frame rate.
    case frameRate
    /// Ask for the destination catalog to be replaced.
    case replaceCatalog
    /// Choose whether an annotation that differs is updated or kept.
    case existingAnnotations
    /// Name the cycle's focus codes.
    case focusCodes
}

/// An error that knows what the user can do about it.
public protocol RemedyCarrying: Error {
    var remedy: Remedy? { get }
}

extension Remedy {
    /// The remedy of any error, nil when it names none.
    public init?(of error: any Error) {
        guard let remedy = (error as? any RemedyCarrying)?.remedy else { return nil }
        self = remedy
    }
}
