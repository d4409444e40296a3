import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A regular file opened once, beneath a served root and without following a symbolic link
/// in any folder below the root, then read through that one descriptor. Checking a path and
/// then opening it again lets someone swap the file, or a folder on its way, for a link to
/// anything in between; the descriptor cannot be swapped. The descriptor is closed in deinit.
public final class OpenedFile: @unchecked Sendable {
    // @unchecked: `descriptor` and `size` never change after init; pread needs no lock.
    let descriptor: Int32
    public let size: Int

    /// Nil when `path` does not lie under one of `roots` (absolute folders, trusted as they
    /// are), is missing, passes through a symbolic link below its root, or is not a regular file.
    public convenience init?(path: String, beneath roots: [String]) {
        guard let (root, relative) = Self.split(path, roots: roots) else { return nil }
        let rootDescriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootDescriptor >= 0 else { return nil }
        defer { close(rootDescriptor) }
        let descriptor = BeneathOpen.open(relative, in: rootDescriptor)
        guard descriptor >= 0 else { return nil }
        self.init(descriptor: descriptor)
    }

    /// Takes ownership of `descriptor`; nil (and closed) unless it is a regular file.
    private init?(descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    /// The root `path` lies under and the components below it; nil when it is under none,
    /// or names `.` or `..` on the way (a catalog path is absolute and standardized).
    static func split(_ path: String, roots: [String]) -> (root: String, relative: [String])? {
        guard path.hasPrefix("/") else { return nil }
        for root in roots {
            let base = root.hasSuffix("/") ? root : root + "/"
            guard path.hasPrefix(base) else { continue }
            let relative = path.dropFirst(base.count).split(separator: "/").map(String.init)
            guard !relative.isEmpty, !relative.contains(where: { $0 == "." || $0 == ".." }) else { return nil }
            return (root, relative)
        }
        return nil
    }

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

/// Opens a path relative to a folder descriptor without leaving the folder and without
/// following any symbolic link: Linux's openat2 (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) when
/// the kernel has it, else one openat per component with O_NOFOLLOW (O_DIRECTORY on the way).
enum BeneathOpen {
    static let fileFlags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK

    /// A descriptor (the caller closes it), or -1.
    static func open(_ components: [String], in folder: Int32) -> Int32 {
        let viaKernel = openat2(components.joined(separator: "/"), in: folder)
        if viaKernel >= 0 { return viaKernel }
        // Refused by the rules (a link on the way, a missing file): that is the answer. No
        // openat2 here (old kernel, a seccomp filter): walk.
        if viaKernel != -2 { return -1 }
        return walk(components, in: folder)
    }

    static func walk(_ components: [String], in folder: Int32) -> Int32 {
        var current = dup(folder)
        guard current >= 0 else { return -1 }
        for (index, name) in components.enumerated() {
            let last = index == components.count - 1
            let next = openat(current, name, last ? fileFlags : (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC))
            close(current)
            guard next >= 0 else { return -1 }
            current = next
        }
        return current
    }

    #if os(Linux)
    /// struct open_how of linux/openat2.h.
    private struct OpenHow {
        var flags: UInt64
        var mode: UInt64
        var resolve: UInt64
    }

    private static let resolveNoSymlinks: UInt64 = 0x04
    private static let resolveBeneath: UInt64 = 0x08
    #if arch(x86_64) || arch(arm64)
    private static let openat2Number = 437
    #else
    private static let openat2Number = -1
    #endif

    /// `syscall(2)` is variadic, which Swift cannot call; on Linux x86-64 and arm64 its
    /// integer arguments pass in the same registers as a fixed signature's.
    private typealias SyscallFunction = @convention(c) (Int, Int32, UnsafePointer<CChar>, UnsafeRawPointer, Int) -> Int
    private static let syscallFunction: SyscallFunction? = {
        guard openat2Number > 0, let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "syscall") else { return nil }
        return unsafeBitCast(symbol, to: SyscallFunction.self)
    }()

    /// A descriptor; -1 when the kernel refused the open; -2 when openat2 is not available.
    private static func openat2(_ relative: String, in folder: Int32) -> Int32 {
        guard let call = syscallFunction else { return -2 }
        var how = OpenHow(flags: UInt64(fileFlags), mode: 0, resolve: resolveBeneath | resolveNoSymlinks)
        let result = relative.withCString { name in
            withUnsafePointer(to: &how) { pointer in
                call(openat2Number, folder, name, UnsafeRawPointer(pointer), MemoryLayout<OpenHow>.size)
            }
        }
        if result >= 0 { return Int32(result) }
        return [ENOSYS, EPERM, E2BIG].contains(errno) ? -2 : -1
    }
    #else
    private static func openat2(_ relative: String, in folder: Int32) -> Int32 { -2 }
    #endif
}
