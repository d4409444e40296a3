import Foundation

/// A regular file opened once, without following a symbolic link, and read through that one
/// descriptor. Checking a path and then opening it again lets someone swap the file for a link
/// to anything in between; the descriptor cannot be swapped. The descriptor is closed in deinit.
public final class OpenedFile: @unchecked Sendable {
    // @unchecked: `descriptor` and `size` never change after init; pread needs no lock.
    let descriptor: Int32
    public let size: Int

    /// Nil when the path is missing, is a symbolic link, or is not a regular file.
    public init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    /// Up to `count` bytes at `offset` (fewer at the end of the file).
    public func read(at offset: Int, count: Int) throws(OpenedFileError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress.map { $0 + filled }, count - filled, off_t(offset + filled))
            }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw OpenedFileError(errno: errno) }
            if got == 0 { break }
            filled += got
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}

public struct OpenedFileError: Error, CustomStringConvertible {
    let errno: Int32
    public var description: String { "cannot read the file (\(String(cString: strerror(errno))))" }
}
