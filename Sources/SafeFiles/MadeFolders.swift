import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way an output folder is made (`cut --out`, `thumbs --out`, `sheet --out`, cycle
/// folders): with its missing parents, as `mkdir -p`, remembering which folders this run made so
/// that a run that fails takes them away again and leaves nothing behind.
public enum MadeFolders {
    public struct Failure: Error, Sendable {
        /// The folder that could not be made (a file in the way, a read-only parent).
        public let path: String
        public let errorNumber: Int32
        public var message: String { "cannot make the output folder: \(String(cString: strerror(errorNumber)))" }
    }

    /// Makes `folder` and any missing parents; returns the folders it made, deepest first
    /// (none when it existed). On failure, what it made is removed again.
    public static func make(_ folder: String) throws(Failure) -> [String] {
        var missing: [String] = []
        var probe = URL(fileURLWithPath: folder).standardizedFileURL
        while !exists(probe.path), probe.path != "/" {
            missing.append(probe.path)
            probe = probe.deletingLastPathComponent()
        }
        for (made, path) in missing.reversed().enumerated() {
            if mkdir(path, 0o777) == 0 || errno == EEXIST { continue }
            let failure = Failure(path: path, errorNumber: errno)
            removeIfEmpty(Array(missing.suffix(made)))
            throw failure
        }
        return missing
    }

    /// Removes folders a run made (deepest first), each only if nothing was put in it.
    public static func removeIfEmpty(_ folders: [String]) {
        for folder in folders { _ = rmdir(folder) }
    }

    /// lstat, so that a dangling link counts as something in the way, not as missing.
    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
