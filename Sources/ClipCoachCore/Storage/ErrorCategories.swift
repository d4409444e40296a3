import Failures

// The category of each ClipCoachCore error, beside the errors so every face agrees.

extension SidecarError: CategorizedError {
    public var category: FailureCategory {
        switch kind {
        // The file, or the annotation an edit names, is not there.
        case .notFound, .unreadable, .unknownAnnotation: .noInput
        // A sidecar or an edit the codebook and the sidecar's rules refuse.
        case .invalidJSON, .schema, .newerVersion, .unknownCodebook, .unknownCode, .wrongScale,
             .outOfRange, .wrongLevel: .data
        case .exists, .cannotCreate: .cannotCreate
        case .writeFailed: .io
        case .conflict: .temporary
        }
    }

    public var subject: String { path }
}

extension CodebookError: CategorizedError {
    public var category: FailureCategory {
        switch kind {
        case .notFound, .unreadable: .noInput
        case .invalidJSON, .invalid: .data
        }
    }

    public var subject: String { path }
}

extension CycleError: CategorizedError {
    /// A request that breaks a rule by itself is usage; one that conflicts with the recorded
    /// cycle or catalog is data (docs/coaching-cycle.md).
    public var category: FailureCategory {
        switch kind {
        case .invalidRequest: .usage
        case .conflictsWithRecord: .data
        }
    }
}

extension ReviewError: CategorizedError {
    public var category: FailureCategory {
        switch self {
        case .sidecar(let inner): inner.category
        case .invalidRecord: .data
        case .unknownAnnotation: .noInput
        case .invalidInput, .noSuchSet: .usage
        case .staleRevision: .temporary
        // The action does not apply to the set as it is now.
        case .notAllowed, .ownWork: .unavailable
        }
    }

    public var subject: String {
        switch self {
        case .sidecar(let inner): inner.path
        case .invalidRecord(let path, _, _), .notAllowed(let path, _, _), .ownWork(let path, _),
             .noSuchSet(let path, _), .staleRevision(let path, _, _), .unknownAnnotation(let path, _),
             .invalidInput(let path, _, _): path
        }
    }
}

extension Timecode.ParseError: CategorizedError {
    public var category: FailureCategory { .usage }
}

extension AgreementError: CategorizedError {
    /// Agreement over codes or raters the request names badly.
    public var category: FailureCategory { .usage }
}
