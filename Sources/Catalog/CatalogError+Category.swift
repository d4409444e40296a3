import Failures

extension CatalogError: CategorizedError {
    public var category: FailureCategory {
        switch kind {
        case .cannotOpen: .cannotCreate
        case .damaged: .data
        case .notFound, .noInput: .noInput
        case .busy: .temporary
        case .invalidQuery: .usage
        case .database, .writeFailed: .io
        case .newerSchema: .unavailable
        case .invalidMigration: .software
        }
    }

    public var subject: String { path }
}

extension CycleStoreError: CategorizedError {
    public var category: FailureCategory {
        switch self {
        case .rule(let rule): rule.category
        case .catalog(let catalog): catalog.category
        case .noSuchCycle: .noInput
        case .changedMeanwhile: .temporary
        case .readOnly: .unavailable
        case .notACatalogClipID: .data
        }
    }

    public var subject: String {
        switch self {
        case .catalog(let catalog): catalog.path
        case .noSuchCycle(let id, _), .changedMeanwhile(let id): "cycle \(id)"
        case .readOnly(let catalog): catalog
        case .notACatalogClipID(let id): id
        case .rule: ""
        }
    }
}

extension IngestFailure: CategorizedError {
    /// A file a run could not ingest, in the category `probe` would give it.
    public var category: FailureCategory {
        switch kind {
        case .unreadable: .noInput
        case .notMedia, .damaged: .data
        case .noVideo, .unsupported: .unavailable
        case .writeFailed: .io
        }
    }

    public var description: String { message }
}
