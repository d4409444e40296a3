import ClipCoachCore
import Foundation

/// Parsed sidecars by path, re-read when the file changed. Saves replace a sidecar by
/// rename, so a new inode (or size or modification time) means new content; listing many
/// clips then costs one `stat` per clip instead of one parse.
final class SidecarCache: @unchecked Sendable {
    private struct Stamp: Equatable {
        let inode: UInt64
        let size: UInt64
        let modified: Date
    }

    private let lock = NSLock()
    // Guarded by `lock`.
    private var entries: [String: (stamp: Stamp, sidecar: Sidecar)] = [:]

    /// The sidecar at `path` as it is on disk now. The `stat` comes before the read, so a
    /// file replaced in between is stored under the older stamp and simply read again next time.
    func sidecar(at path: String) throws(SidecarError) -> Sidecar {
        let stamp = Self.stamp(path)
        if let stamp, let cached = lock.withLock({ entries[path] }), cached.stamp == stamp {
            return cached.sidecar
        }
        let sidecar = try SidecarStore.read(URL(fileURLWithPath: path))
        if let stamp { remember(sidecar, path: path, stamp: stamp) }
        return sidecar
    }

    /// Drops what is known about `path` after a save. (Caching the saved sidecar under a
    /// `stat` taken afterwards could pair it with a newer writer's file.)
    func forget(_ path: String) {
        lock.withLock { _ = entries.removeValue(forKey: path) }
    }

    private func remember(_ sidecar: Sidecar, path: String, stamp: Stamp) {
        lock.withLock { entries[path] = (stamp, sidecar) }
    }

    private static func stamp(_ path: String) -> Stamp? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value,
              let size = (attributes[.size] as? NSNumber)?.uint64Value,
              let modified = attributes[.modificationDate] as? Date else { return nil }
        return Stamp(inode: inode, size: size, modified: modified)
    }
}
