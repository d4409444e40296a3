import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The managed media folder beside the catalog:
///
///     library.media/<ab>/<fingerprint 16 hex>-<path hash 8 hex>/poster.jpg
///                                                              /thumbs/t000012.000.jpg, index.json
///
/// A video's folder is named by its content and its path, so a changed file gets a
/// new folder: the catalog switches to it in the same transaction that records the
/// new content, and the old folder is removed after. Files appear atomically
/// (temporary name, then rename); what a killed run left (temporaries, staging
/// folders, folders no row refers to) is removed by the next run.
struct MediaFolderLayout: Sendable {
    static let posterName = "poster.jpg"
    static let thumbnailFolderName = "thumbs"

    /// Absolute.
    let root: String

    /// The folder for a video, relative to `root`.
    static func folder(forVideo path: String, fingerprint: String) -> String {
        let hex = fingerprint.hasPrefix("sha256s:") ? String(fingerprint.dropFirst(8)) : fingerprint
        let content = String(hex.prefix(16)).padding(toLength: 16, withPad: "0", startingAt: 0)
        return String(content.prefix(2)) + "/" + content + "-" + pathHash(path)
    }

    static func posterFile(in folder: String) -> String { folder + "/" + posterName }
    static func thumbnailFolder(in folder: String) -> String { folder + "/" + thumbnailFolderName }

    func absolute(_ relative: String) -> String { root + "/" + relative }

    /// Makes the video's folder and removes leftovers of a killed run inside it:
    /// hidden temporaries (`.poster.jpg.partial-…`) and thumbnail staging folders.
    func prepare(_ folder: String) throws(CatalogError) {
        let thumbs = absolute(Self.thumbnailFolder(in: folder))
        do {
            try FileManager.default.createDirectory(atPath: absolute(folder), withIntermediateDirectories: true)
        } catch {
            throw CatalogError(.writeFailed, path: absolute(folder), message: "cannot make the media folder: \(error.localizedDescription)")
        }
        Self.removeHiddenEntries(in: absolute(folder))
        Self.removeHiddenEntries(in: thumbs)
    }

    /// Removes a video folder the catalog no longer refers to.
    func remove(_ folder: String) {
        try? FileManager.default.removeItem(atPath: absolute(folder))
        rmdir(absolute(String(folder.prefix(2)))) // the shard folder, only if now empty
    }

    /// Removes every video folder not in `kept` and hidden leftovers at the top.
    /// Only names this layout makes are touched: anything else in the folder stays.
    func collectGarbage(keeping kept: Set<String>) {
        Self.removeHiddenEntries(in: root, keeping: [IngestLock.fileName])
        for shard in Self.names(in: root) where shard.count == 2 && isFolder(absolute(shard)) {
            for name in Self.names(in: absolute(shard)) where Self.isVideoFolderName(name, shard: shard) {
                let relative = shard + "/" + name
                if !kept.contains(relative) { try? FileManager.default.removeItem(atPath: absolute(relative)) }
            }
            rmdir(absolute(shard))
        }
    }

    static func isVideoFolderName(_ name: String, shard: String) -> Bool {
        let parts = name.split(separator: "-")
        return parts.count == 2 && parts[0].count == 16 && parts[1].count == 8 && name.hasPrefix(shard)
            && name.allSatisfy { $0 == "-" || $0.isHexDigit }
    }

    /// FNV-1a over the path's bytes: tells two copies of one video apart. Not a security hash.
    static func pathHash(_ path: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(format: "%08llx", hash & 0xffff_ffff)
    }

    private static func names(in folder: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    }

    private func isFolder(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    private static func removeHiddenEntries(in folder: String, keeping kept: Set<String> = []) {
        for name in names(in: folder) where name.hasPrefix(".") && !kept.contains(name) {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }
}
