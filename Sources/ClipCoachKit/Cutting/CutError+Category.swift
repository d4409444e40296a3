import Failures

extension CutError: CategorizedError {
    public var category: FailureCategory {
        switch self {
        case .media(let media): media.category
        case .sidecar(let sidecar): sidecar.category
        case .invalid: .usage
        case .exists, .outputFolder: .cannotCreate
        case .write: .io
        }
    }

    public var subject: String {
        switch self {
        case .media(let media): media.path
        case .sidecar(let sidecar): sidecar.path
        case .invalid(let path, _), .exists(let path), .outputFolder(let path, _), .write(let path, _): path
        }
    }
}

extension CycleWorkflowError: CategorizedError {
    public var category: FailureCategory {
        switch self {
        case .store(let store): store.category
        case .cut(let cut): cut.category
        case .sidecar(let sidecar): sidecar.category
        case .media(let media): media.category
        case .missingFile: .noInput
        case .exists, .outputFolder: .cannotCreate
        case .write: .io
        }
    }
}
