import SafeFiles
import Failures
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing an export so that no one ever sees half a file, through the one atomic writer
/// (`AtomicFile`): replaced only with `force`; without it the file is hard-linked into place,
/// which fails if the name exists, even when a writer appeared after the check.
public enum OutputFile {
    public static func write(_ data: Data, to path: String, force: Bool) throws(InterchangeError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InterchangeError(.cannotCreate, path: path, message: "folder \(folder) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw InterchangeError(.cannotCreate, path: path, message: "is a folder") }
            if !force { throw InterchangeError(.cannotCreate, path: path, message: "already exists", remedy: .overwrite) }
        }

        do {
            try AtomicFile.write(data, to: path, replace: force)
        } catch {
            if error.exists { throw InterchangeError(.cannotCreate, path: path, message: "already exists", remedy: .overwrite) }
            throw InterchangeError(error.cannotCreate ? .cannotCreate : .writeFailed, path: path, message: error.message)
        }
    }
}
