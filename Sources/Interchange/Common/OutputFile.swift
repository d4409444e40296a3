import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing an export so that no one ever sees half a file: a hidden temporary in the same
/// folder, flushed to disk, then renamed over the target (`force`) or hard-linked into place
/// (which fails if the name exists, so an existing file is never replaced without `force`,
/// even by a writer that appeared after the check).
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
            if !force { throw InterchangeError(.cannotCreate, path: path, message: "already exists (use --force to overwrite)") }
        }

        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw failure(.cannotCreate, path, "cannot create a file in \(folder)") }
        // After rename the temporary name is gone and this does nothing; after link it drops the extra name.
        defer { unlink(temporary) }

        let problem = writeAll(data, to: fd)
        if problem == 0, fsync(fd) == 0 {
            close(fd)
        } else {
            let number = problem != 0 ? problem : errno
            close(fd)
            throw InterchangeError(.writeFailed, path: path, message: "cannot write: \(String(cString: strerror(number)))")
        }

        if force {
            guard rename(temporary, path) == 0 else { throw failure(.writeFailed, path, "cannot replace") }
        } else if link(temporary, path) != 0 {
            let number = errno
            if number == EEXIST {
                throw InterchangeError(.cannotCreate, path: path, message: "already exists (use --force to overwrite)")
            }
            // Filesystems without hard links: rename instead (the existence check above still holds).
            guard [EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK].contains(number), rename(temporary, path) == 0 else {
                throw InterchangeError(.writeFailed, path: path, message: "cannot create: \(String(cString: strerror(number)))")
            }
        }
        syncFolder(folder)
    }

    /// 0, or the errno that stopped the write.
    private static func writeAll(_ data: Data, to fd: Int32) -> Int32 {
        data.withUnsafeBytes { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return 0 }
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                let count = Glibc.write(fd, base + offset, buffer.count - offset)
                #else
                let count = Darwin.write(fd, base + offset, buffer.count - offset)
                #endif
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return 0
        }
    }

    /// So the rename itself survives a power cut; best effort (some filesystems refuse).
    private static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func failure(_ kind: InterchangeError.Kind, _ path: String, _ what: String) -> InterchangeError {
        let number = errno
        let cannotCreate = [ENOENT, EACCES, EROFS, EPERM, ENOTDIR].contains(number)
        return InterchangeError(cannotCreate ? .cannotCreate : kind, path: path,
                                message: "\(what): \(String(cString: strerror(number)))")
    }
}
