import Failures

/// Why a review action or a reviewed edit was refused. `description` is the one line the CLI
/// prints and the review server returns: `clips/a.json: accept: the set is draft, not submitted`.
public enum ReviewError: Error, Equatable, Sendable, CustomStringConvertible, RemedyCarrying {
    /// Reading or saving the sidecar failed (missing, invalid, unknown code, lock timeout, ...).
    case sidecar(SidecarError)
    /// The sidecar's `review` part is not a valid review record.
    case invalidRecord(path: String, field: String?, message: String)
    /// The action is not allowed in the set's current state.
    case notAllowed(path: String, action: ReviewAction, state: ReviewState)
    /// A submitter may not accept or send back their own set.
    case ownWork(path: String, reviewer: String)
    /// The segment does not exist (or a clip was given one).
    case noSuchSet(path: String, message: String)
    /// The caller edited revision `expected`, the file is at `current`: someone saved in between.
    case staleRevision(path: String, expected: Int, current: Int)
    case unknownAnnotation(path: String, id: String)
    /// A missing or malformed input: empty reviewer name, request-changes without a comment.
    case invalidInput(path: String, field: String, message: String)

    public var description: String {
        switch self {
        case .sidecar(let error):
            return error.description
        case .invalidRecord(let path, let field, let message):
            return [path.isEmpty ? nil : path, field.map { "review.\($0)" } ?? "review", message]
                .compactMap { $0 }.joined(separator: ": ")
        case .notAllowed(let path, let action, let state):
            return line(path, "\(action.rawValue): not allowed when the set is \(state.rawValue)\(Self.hint(action, state))")
        case .ownWork(let path, let reviewer):
            return line(path, "\(reviewer) submitted this set: another reviewer decides on it")
        case .noSuchSet(let path, let message):
            return line(path, message)
        case .staleRevision(let path, let expected, let current):
            return line(path, "revision \(expected) was edited but the file is at revision \(current): reload and try again")
        case .unknownAnnotation(let path, let id):
            return line(path, "no annotation with id '\(id)'")
        case .invalidInput(let path, let field, let message):
            return line(path, "\(field): \(message)")
        }
    }

    /// The same error reported against another file name (actions run before the path is known).
    public func at(_ path: String) -> ReviewError {
        switch self {
        case .sidecar(let error): return .sidecar(error.path.isEmpty ? error.at(path) : error)
        case .invalidRecord(let old, let field, let message): return .invalidRecord(path: old.isEmpty ? path : old, field: field, message: message)
        case .notAllowed(let old, let action, let state): return .notAllowed(path: old.isEmpty ? path : old, action: action, state: state)
        case .ownWork(let old, let reviewer): return .ownWork(path: old.isEmpty ? path : old, reviewer: reviewer)
        case .noSuchSet(let old, let message): return .noSuchSet(path: old.isEmpty ? path : old, message: message)
        case .staleRevision(let old, let expected, let current):
            return .staleRevision(path: old.isEmpty ? path : old, expected: expected, current: current)
        case .unknownAnnotation(let old, let id): return .unknownAnnotation(path: old.isEmpty ? path : old, id: id)
        case .invalidInput(let old, let field, let message): return .invalidInput(path: old.isEmpty ? path : old, field: field, message: message)
        }
    }

    /// A comment, when the refusal asks for one; the sidecar's own remedy.
    public var remedy: Remedy? {
        switch self {
        case .sidecar(let error): error.remedy
        case .invalidInput(_, "comment", _): .comment
        default: nil
        }
    }

    private func line(_ path: String, _ text: String) -> String { path.isEmpty ? text : "\(path): \(text)" }

    private static func hint(_ action: ReviewAction, _ state: ReviewState) -> String {
        switch (action, state) {
        case (.accept, _), (.requestChanges, _): " (only a submitted set is decided on)"
        case (.submit, .submitted): " (it is waiting for a reviewer)"
        case (.submit, .accepted): " (it was accepted; edit an annotation to reopen it)"
        default: ""
        }
    }
}
