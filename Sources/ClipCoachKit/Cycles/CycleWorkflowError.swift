import Failures
import Catalog
import ClipCoachCore
import Foundation
import Media

/// Why a coaching-cycle workflow (start, suggest, pick, export) stopped. Each case names
/// the file or the rule it is about.
public enum CycleWorkflowError: Error, CustomStringConvertible, RemedyCarrying {
    case store(CycleStoreError)
    case cut(CutError)
    case sidecar(SidecarError)
    case media(MediaError)
    /// A file the packet needs is gone (a clip moved or deleted since it was picked).
    case missingFile(path: String, what: String)
    /// The packet folder exists and --force was not given.
    case exists(path: String)
    /// The folder to write into is missing, not a folder, or cannot be written.
    case outputFolder(path: String, message: String)
    case write(path: String, message: String)

    public var description: String {
        switch self {
        case .store(let error): error.description
        case .cut(let error): error.description
        case .sidecar(let error): error.description
        case .media(let error): error.description
        case .missingFile(let path, let what): "\(path): \(what) is missing (moved or deleted since it was picked)"
        case .exists(let path): "\(path): already exists"
        case .outputFolder(let path, let message): "\(path): \(message)"
        case .write(let path, let message): "\(path): \(message)"
        }
    }

    public var remedy: Remedy? {
        switch self {
        case .exists: .overwrite
        case .store(let error): error.remedy
        case .cut(let error): error.remedy
        case .sidecar(let error): error.remedy
        default: nil
        }
    }

    /// A broken cycle rule, wrapped like the store wraps it.
    static func rule(_ error: CycleError) -> CycleWorkflowError { .store(.rule(error)) }
}

/// Runs a step whose errors are typed, re-typed as workflow errors.
enum CycleStep {
    static func store<T>(_ body: () throws(CycleStoreError) -> T) throws(CycleWorkflowError) -> T {
        do { return try body() } catch { throw .store(error) }
    }

    static func rule<T>(_ body: () throws(CycleError) -> T) throws(CycleWorkflowError) -> T {
        do { return try body() } catch { throw .rule(error) }
    }

    static func sidecar<T>(_ body: () throws(SidecarError) -> T) throws(CycleWorkflowError) -> T {
        do { return try body() } catch { throw .sidecar(error) }
    }

    static func media<T>(_ body: () throws(MediaError) -> T) throws(CycleWorkflowError) -> T {
        do { return try body() } catch { throw .media(error) }
    }
}
