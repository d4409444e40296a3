import Failures
import Foundation
import SafeFiles
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem with where pictures go (not with the video they come from).
public struct PictureOutputError: Error, Equatable, CustomStringConvertible, Sendable, RemedyCarrying {
    public enum Kind: String, Sendable, Codable {
        case exists          // output already there and not asked to replace it
        case folderMissing   // the folder to write into does not exist
        case notWritable     // no permission, read-only file system, or not a folder
        case writeFailed     // writing failed midway (disk full, I/O error)
    }

    public let kind: Kind
    public let path: String
    public let message: String
    /// What the user can do about it (each face names it in its own words).
    public let remedy: Remedy?

    public init(_ kind: Kind, path: String, message: String, remedy: Remedy? = nil) {
        self.remedy = remedy
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }

    /// The error for a failed system call on `path`.
    static func from(errno code: Int32, path: String, doing action: String) -> PictureOutputError {
        let reason = String(cString: strerror(code))
        switch code {
        case ENOENT, ENOTDIR: return PictureOutputError(.folderMissing, path: path, message: "\(action): folder does not exist")
        case EACCES, EPERM, EROFS: return PictureOutputError(.notWritable, path: path, message: "\(action): \(reason)")
        case EEXIST: return PictureOutputError(.exists, path: path, message: "\(action): already exists")
        default: return PictureOutputError(.writeFailed, path: path, message: "\(action): \(reason)")
        }
    }
}

/// What a picture job can fail on: the source video, or the output.
public enum PictureJobError: Error, Equatable, CustomStringConvertible, Sendable, RemedyCarrying {
    case media(MediaError)
    case output(PictureOutputError)

    /// The output's remedy (an existing file: overwrite), for the face to put in its words.
    public var remedy: Remedy? {
        if case .output(let error) = self { return error.remedy }
        return nil
    }

    public var description: String {
        switch self {
        case .media(let error): error.description
        case .output(let error): error.description
        }
    }
}

/// Runs a media step inside a picture job, keeping the error typed.
func mediaStep<T>(_ body: () throws(MediaError) -> T) throws(PictureJobError) -> T {
    do { return try body() } catch { throw .media(error) }
}

func outputStep<T>(_ body: () throws(PictureOutputError) -> T) throws(PictureJobError) -> T {
    do { return try body() } catch { throw .output(error) }
}

/// Picture files through the one atomic writer (`AtomicFile`): never a half-written file under
/// the final name.
public enum PictureFiles {
    /// Writes `data` to `path` atomically, replacing any file there.
    /// `durable` also flushes it to disk before the rename (for single important files).
    public static func writeAtomically(_ data: Data, to path: String, durable: Bool = false) throws(PictureOutputError) {
        do {
            try AtomicFile.write(data, to: path, replace: true, durable: durable)
        } catch {
            throw .from(errno: error.errorNumber, path: path, doing: "cannot write")
        }
    }

    /// Checks that `folder` exists, is a folder, and can be written to.
    /// Makes `folder` and its missing parents (`MadeFolders`); returns those it made, deepest first.
    static func makeFolder(_ folder: String) throws(PictureOutputError) -> [String] {
        do throws(MadeFolders.Failure) { return try MadeFolders.make(folder) } catch {
            throw .from(errno: error.errorNumber, path: error.path, doing: "cannot make the output folder")
        }
    }

    public static func checkWritableFolder(_ folder: String) throws(PictureOutputError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
            throw PictureOutputError(.folderMissing, path: folder, message: "output folder does not exist")
        }
        guard isFolder.boolValue else {
            throw PictureOutputError(.notWritable, path: folder, message: "is a file, not a folder")
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw .from(errno: errno, path: folder, doing: "cannot write into the output folder")
        }
    }

    static func fileExists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Removes a folder and what is in it; a best effort used when abandoning work.
    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
