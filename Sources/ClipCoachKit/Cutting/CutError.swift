import Failures
import ClipCoachCore
import Foundation
import Media
import SafeFiles

/// Why a cut did not happen. Every case names the file it is about.
public enum CutError: Error, CustomStringConvertible, RemedyCarrying {
    case media(MediaError)
    case sidecar(SidecarError)
    /// The request itself is wrong (window outside the lesson, ...).
    case invalid(path: String, message: String)
    /// An output exists and --force was not given.
    case exists(path: String)
    /// The output folder is missing, not a folder, or not writable.
    case outputFolder(path: String, message: String)
    /// Writing or renaming an output failed.
    case write(path: String, message: String)

    public var description: String {
        switch self {
        case .media(let error): error.description
        case .sidecar(let error): error.description
        case .invalid(let path, let message): "\(path): \(message)"
        case .exists(let path): "\(path): already exists"
        case .outputFolder(let path, let message): "\(path): \(message)"
        case .write(let path, let message): "\(path): \(message)"
        }
    }

    /// Replacing an output that exists; a sidecar's own remedy.
    public var remedy: Remedy? {
        switch self {
        case .exists: .overwrite
        case .sidecar(let error): error.remedy
        default: nil
        }
    }

    static func wrap<T>(_ body: () throws(MediaError) -> T) throws(CutError) -> T {
        do { return try body() } catch { throw .media(error) }
    }

    static func wrap<T>(_ body: () throws(SidecarError) -> T) throws(CutError) -> T {
        do { return try body() } catch { throw .sidecar(error) }
    }
}

enum OutputFolder {
    /// Makes `folder` and any missing parents (`MadeFolders`); returns the folders it made,
    /// deepest first, so a failed run can take them away again. Refuses a file in the way or a read-only folder.
    static func prepare(_ folder: URL) throws(CutError) -> [URL] {
        let made: [String]
        do throws(MadeFolders.Failure) { made = try MadeFolders.make(folder.path) } catch {
            throw .outputFolder(path: folder.path, message: error.message)
        }
        let urls = made.map { URL(fileURLWithPath: $0) }
        do { try check(folder) } catch {
            removeIfEmpty(urls)
            throw error
        }
        return urls
    }

    /// Removes folders this run made, if nothing was put in them.
    static func removeIfEmpty(_ folders: [URL]) {
        MadeFolders.removeIfEmpty(folders.map(\.path))
    }

    static func check(_ folder: URL) throws(CutError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else {
            throw .outputFolder(path: folder.path, message: "output folder does not exist")
        }
        guard isDirectory.boolValue else { throw .outputFolder(path: folder.path, message: "is not a folder") }
        guard access(folder.path, W_OK) == 0 else {
            throw .outputFolder(path: folder.path, message: "output folder is not writable")
        }
    }
}
