import Failures

extension InterchangeError: CategorizedError {
    public var category: FailureCategory {
        switch kind {
        case .usage: .usage
        case .badData: .data
        case .noInput: .noInput
        case .unavailable: .unavailable
        case .cannotCreate: .cannotCreate
        case .writeFailed: .io
        case .conflict: .temporary
        }
    }

    public var subject: String { path }
}
