import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fast fingerprint of a possibly huge video, to find a clip's source again after a
/// move or rename without reading gigabytes.
///
/// `"sha256s:" + hex(SHA-256(size as 8 bytes little endian + sample))`, where the sample is
/// the whole file under 1 MiB, else 16 blocks of 64 KiB at offsets
/// `(size - 64 KiB) * i / 15` for i in 0...15 (first block at 0, last ending at the end).
/// Two files with the same size and the same sampled bytes get the same fingerprint:
/// good enough to recognise a video, not a proof of identity.
public enum ContentFingerprint {
    public static let prefix = "sha256s:"
    static let blockSize = 64 * 1024
    static let blockCount = 16
    static let wholeFileBelow: Int64 = 1024 * 1024

    public static func of(path: String) throws(SidecarError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let error = errno
            throw SidecarError(error == ENOENT ? .notFound : .unreadable, path: path,
                               message: "cannot open: \(String(cString: strerror(error)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw unreadable(path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw SidecarError(.unreadable, path: path, message: "not a regular file")
        }
        let size = Int64(info.st_size)

        var hasher = SHA256()
        hasher.update((0..<8).map { UInt8(truncatingIfNeeded: UInt64(size) >> (8 * UInt64($0))) })
        if size < wholeFileBelow {
            hasher.update(try readFully(fd, offset: 0, count: Int(size), path: path))
        } else {
            let lastOffset = size - Int64(blockSize)
            for index in 0..<Int64(blockCount) {
                let offset = lastOffset * index / Int64(blockCount - 1)
                hasher.update(try readFully(fd, offset: offset, count: blockSize, path: path))
            }
        }
        return prefix + hasher.finalize().hexString
    }

    private static func readFully(_ fd: Int32, offset: Int64, count: Int, path: String) throws(SidecarError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return pread(fd, base + done, count - done, off_t(offset) + off_t(done))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw unreadable(path)
            }
            // The file shrank while we read it: fingerprint what is there rather than loop forever.
            if got == 0 { return Array(buffer[0..<done]) }
            done += got
        }
        return buffer
    }

    private static func unreadable(_ path: String) -> SidecarError {
        SidecarError(.unreadable, path: path, message: "cannot read: \(String(cString: strerror(errno)))")
    }
}
