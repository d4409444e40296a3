import Failures

extension MediaError: CategorizedError {
    public var category: FailureCategory {
        switch kind {
        case .cannotOpen: .noInput
        case .notMedia, .damaged, .limitExceeded: .data
        case .noVideo, .unsupported, .needsReencode: .unavailable
        case .invalidArgument: .usage
        case .writeFailed: .io
        case .outOfMemory, .cancelled: .temporary
        case .encodeFailed, .software: .software
        }
    }

    public var subject: String { path }
}

extension PictureOutputError: CategorizedError {
    /// Cannot create when the output cannot be made where asked (exists, folder missing or
    /// read-only); I/O when writing failed midway (disk full).
    public var category: FailureCategory { kind == .writeFailed ? .io : .cannotCreate }
    public var subject: String { path }
}

extension PictureJobError: CategorizedError {
    public var category: FailureCategory {
        switch self {
        case .media(let error): error.category
        case .output(let error): error.category
        }
    }

    public var subject: String {
        switch self {
        case .media(let error): error.subject
        case .output(let error): error.subject
        }
    }
}
