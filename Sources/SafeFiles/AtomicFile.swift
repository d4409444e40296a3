import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one atomic file writer (sidecars, exports, posters, contact sheets, thumbnail indexes):
/// readers and crashes only ever see the old or the new bytes. It writes a temporary file in
/// the same folder, fsyncs it, renames it over the target (or hard-links it into place when
/// the target must not exist yet), and fsyncs the folder so the rename itself survives a
/// power cut. `durable: false` leaves out both fsyncs, for files that can always be made
/// again (catalog posters), where a flush per file would dominate an ingest.
///
/// A writer killed mid-save leaves a `.NAME.tmp-*` file behind; the next save of the same
/// file (which holds the lock, so no other writer can be using one) deletes such leftovers.
public enum AtomicFile {
    public struct Failure: Error, Sendable {
        /// The `errno` that stopped the write.
        public let errorNumber: Int32
        public let message: String
        /// Folder missing, read-only, no permission: the caller cannot create here at all.
        public var cannotCreate: Bool { [ENOENT, EACCES, EROFS, EPERM, ENOTDIR].contains(errorNumber) }
        /// `replace: false` and the target is there.
        public var exists: Bool { errorNumber == EEXIST }
    }

    static func temporaryPrefix(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-").path
    }

    /// Writes `data` to `path` atomically. With `replace: false`, fails with EEXIST if
    /// `path` exists (checked by `link`, so even a writer that skips the lock cannot be clobbered).
    public static func write(_ data: Data, to path: String, replace: Bool = true, durable: Bool = true) throws(Failure) {
        let temporary = temporaryPrefix(for: path) + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw failure("cannot create \(temporary)") }
        // After a rename the name is gone and this is a no-op; after link it drops the extra name.
        defer { unlink(temporary) }

        // Keep the permissions of the file being replaced (a shared library folder may use 0664).
        var existing = stat()
        if stat(path, &existing) == 0 { _ = fchmod(fd, existing.st_mode & 0o7777) }

        let written = data.withUnsafeBytes { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return 0 }
            var offset = 0
            while offset < buffer.count {
                let count = systemWrite(fd, base + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return 0
        }
        if written != 0 {
            close(fd)
            throw Failure(errorNumber: written, message: "cannot write \(temporary): \(String(cString: strerror(written)))")
        }
        if durable, fsync(fd) != 0 {
            let error = failure("cannot flush \(temporary) to disk")
            close(fd)
            throw error
        }
        if close(fd) != 0 { throw failure("cannot close \(temporary)") }

        if replace {
            guard rename(temporary, path) == 0 else { throw failure("cannot rename \(temporary) to \(path)") }
        } else if link(temporary, path) != 0 {
            let error = errno
            if error == EEXIST { throw Failure(errorNumber: EEXIST, message: "already exists") }
            // Some filesystems have no hard links; fall back to rename (the caller checked under the lock).
            guard [EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK].contains(error), rename(temporary, path) == 0 else {
                throw Failure(errorNumber: error, message: "cannot create \(path): \(String(cString: strerror(error)))")
            }
        }
        if durable { syncFolder(of: path) }
    }

    /// Deletes temporaries left by writers that were killed mid-save. Call only under the lock.
    public static func removeStaleTemporaries(for path: String) {
        let prefix = URL(fileURLWithPath: temporaryPrefix(for: path)).lastPathComponent
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            unlink(folder.appendingPathComponent(name).path)
        }
    }

    private static func syncFolder(of path: String) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        // Best effort: some filesystems refuse fsync on a directory; the data is already safe.
        _ = fsync(fd)
        close(fd)
    }

    private static func failure(_ what: String) -> Failure {
        let error = errno
        return Failure(errorNumber: error, message: "\(what): \(String(cString: strerror(error)))")
    }
}

/// `write(2)`, named apart from `AtomicFile.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}
