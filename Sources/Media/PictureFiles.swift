import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem with where pictures go (not with the video they come from).
public struct PictureOutputError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable, Codable {
        case exists          // output already there and not asked to replace it
        case folderMissing   // the folder to write into does not exist
        case notWritable     // no permission, read-only file system, or not a folder
        case writeFailed     // writing failed midway (disk full, I/O error)
    }

    public let kind: Kind
    public let path: String
    public let message: String

    public init(_ kind: Kind, path: String, message: String) {
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
public enum PictureJobError: Error, Equatable, CustomStringConvertible, Sendable {
    case media(MediaError)
    case output(PictureOutputError)

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

/// File writing that never leaves a half-written file under the final name:
/// bytes go to a hidden temporary file in the same folder, renamed when complete.
public enum PictureFiles {
    /// Writes `data` to `path` atomically, replacing any file there.
    /// `durable` also flushes it to disk before the rename (for single important files).
    public static func writeAtomically(_ data: Data, to path: String, durable: Bool = false) throws(PictureOutputError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw .from(errno: errno, path: path, doing: "cannot create") }
        var failure: PictureOutputError?
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let written = write(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = .from(errno: errno, path: path, doing: "cannot write")
                    return
                }
                offset += written
            }
        }
        if failure == nil, durable, fsync(descriptor) != 0 { failure = .from(errno: errno, path: path, doing: "cannot write") }
        if close(descriptor) != 0, failure == nil { failure = .from(errno: errno, path: path, doing: "cannot write") }
        if failure == nil, rename(temporary, path) != 0 { failure = .from(errno: errno, path: path, doing: "cannot rename into place") }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    /// Checks that `folder` exists, is a folder, and can be written to.
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
