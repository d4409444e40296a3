import Failures
import ClipCoachCore

/// Why a coaching-cycle operation on the catalog failed.
public enum CycleStoreError: Error, Equatable, CustomStringConvertible, Sendable, RemedyCarrying {
    /// A cycle rule was broken (the cycle is unchanged).
    case rule(CycleError)
    /// The catalog itself failed (cannot open, disk full, ...).
    case catalog(CatalogError)
    case noSuchCycle(id: Int, catalog: String)
    /// Someone saved the cycle after it was read for this change: nothing was written.
    case changedMeanwhile(id: Int)
    /// The catalog was migrated by a newer ClipCoach and is read-only to this one.
    case readOnly(catalog: String)
    /// A library clip id that is not a catalog id (a whole number).
    case notACatalogClipID(String)

    public var description: String {
        switch self {
        case .rule(let error): error.description
        case .catalog(let error): error.description
        case .noSuchCycle(let id, let catalog): "\(catalog): no coaching cycle \(id) (see `clipcoach cycle list`)"
        case .changedMeanwhile(let id): "cycle \(id) was changed by someone else meanwhile; nothing was saved, try again"
        case .readOnly(let catalog): "\(catalog): written by a newer ClipCoach; this version only reads it"
        case .notACatalogClipID(let id): "library clip id '\(id)' is not a catalog clip id (a whole number)"
        }
    }
}

extension CycleStoreError {
    public var remedy: Remedy? {
        switch self {
        case .rule(let error): error.remedy
        case .catalog(let error): error.remedy
        default: nil
        }
    }
}
