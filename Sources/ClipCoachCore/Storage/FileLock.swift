import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory exclusive lock (`flock`) on a separate lock file beside the file it guards.
///
/// Why a separate file: saves replace the sidecar by `rename`, which gives it a new inode.
/// A lock on the old sidecar's inode would guard nothing once it is replaced (a second
/// writer opening the path gets the new inode and an uncontended lock). The lock file is
/// never replaced or deleted, so every writer always locks the same inode. The kernel
/// drops the lock when the holder exits, even on SIGKILL.
enum FileLock {
    struct Failure: Error {
        let timedOut: Bool
        let message: String
    }

    /// `.clip-01.json.lock` beside `clip-01.json`: hidden, so folder listings stay clean.
    static func lockPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).lock").path
    }

    /// Runs `body` holding the lock for `path`. Waits up to `timeout` seconds for another holder.
    static func withExclusiveLock<T>(for path: String, timeout: Double,
                                     _ body: () throws(SidecarError) -> T) throws(SidecarError) -> T {
        let fd: Int32
        do { fd = try acquire(lockPath(for: path), timeout: timeout) } catch {
            throw SidecarError(error.timedOut ? .conflict : .cannotCreate, path: path, message: error.message)
        }
        defer {
            _ = flock(fd, LOCK_UN)
            close(fd)
        }
        return try body()
    }

    private static func acquire(_ lockPath: String, timeout: Double) throws(Failure) -> Int32 {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw Failure(timedOut: false, message: "cannot create lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        let deadline = Date().addingTimeInterval(timeout)
        // Polling with LOCK_NB rather than blocking, so a stuck holder (a stopped process)
        // gives a clear error after `timeout` instead of a hang.
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            guard error == EWOULDBLOCK || error == EINTR else {
                close(fd)
                throw Failure(timedOut: false, message: "cannot lock \(lockPath): \(String(cString: strerror(error)))")
            }
            if Date() > deadline {
                close(fd)
                throw Failure(timedOut: true,
                              message: "another process has held \(lockPath) for \(Int(timeout)) s; try again")
            }
            usleep(useconds_t.random(in: 500...3_000))
        }
        return fd
    }
}
