import Failures

extension ReviewServerError: CategorizedError {
    public var category: FailureCategory {
        switch self {
        case .setup: .usage
        case .catalog(let error): error.category
        // The page's files are built into the binary: missing ones are a build bug.
        case .resources: .software
        }
    }
}
