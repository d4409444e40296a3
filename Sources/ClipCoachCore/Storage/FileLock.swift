import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory exclusive lock (`flock`) on a lock file kept in a shared lock folder
/// (`/tmp/clipcoach-locks`), never beside the file it guards: a coach who zips or syncs a
/// clip folder finds only clips, posters and sidecars, and a refused command leaves nothing.
///
/// Why a separate file: saves replace the sidecar by `rename`, which gives it a new inode.
/// A lock on the old sidecar's inode would guard nothing once it is replaced (a second
/// writer opening the path gets the new inode and an uncontended lock). The lock file is
/// never replaced or deleted, so every writer always locks the same inode. Its name comes
/// from the guarded file's folder identity (device and inode) and file name, so every
/// spelling of the path (relative, through a symlink) and every user meets the same lock.
/// The kernel drops the lock when the holder exits, even on SIGKILL.
enum FileLock {
    struct Failure: Error {
        let timedOut: Bool
        let message: String
    }

    /// One folder for every user (sticky, world-writable like /tmp itself): two people
    /// editing one shared clip folder must meet the same lock file.
    static let lockFolder = "/tmp/clipcoach-locks"

    /// The lock file for `path`: `/tmp/clipcoach-locks/DEV-INODE-HASH.lock`, from the
    /// folder's device and inode and a hash of the file name.
    static func lockPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var info = stat()
        let folderID = stat(folder, &info) == 0
            ? "\(info.st_dev)-\(info.st_ino)"
            : "path-" + hexHash(URL(fileURLWithPath: folder).standardizedFileURL.path)
        return "\(lockFolder)/\(folderID)-\(hexHash(url.lastPathComponent)).lock"
    }

    /// FNV-1a, 64 bits: stable across runs and machines (Swift's Hasher is seeded per run).
    static func hexHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }

    /// Makes the lock folder if needed, open to every user (sticky: none removes another's).
    private static func ensureLockFolder() {
        if mkdir(lockFolder, 0o1777) == 0 { _ = chmod(lockFolder, 0o1777) }
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
        ensureLockFolder()
        // O_NOFOLLOW: in a folder every user can write, never follow a planted symlink.
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o666)
        guard fd >= 0 else {
            throw Failure(timedOut: false, message: "cannot create lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        // Readable and writable by everyone (whatever the umask), so another user's edit of
        // the same shared folder can take this lock too. Fails harmlessly on others' files.
        _ = fchmod(fd, 0o666)
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
