import ClipCoachCore
import Foundation

/// A media file found by the walk, with the sidecar beside it if there is one.
struct ScannedVideo: Sendable, Equatable {
    /// Absolute, standardized.
    let path: String
    /// `x.json` beside `x.mp4`, absolute; nil if there is none.
    let sidecarPath: String?
}

/// A folder (or single file) given to `library ingest`, made absolute with symlinks resolved.
struct IngestRoot: Sendable, Equatable {
    let path: String
    let isFolder: Bool

    /// Whether a catalog path lies in this root: for marking files that disappeared.
    func contains(_ candidate: String) -> Bool {
        isFolder ? candidate.hasPrefix(path.hasSuffix("/") ? path : path + "/") : candidate == path
    }
}

/// Walking the library folders for media files and their sidecars.
enum LibraryScan {
    /// Files taken as media by their extension (case-insensitive). Anything else is
    /// not looked at: probing every file of a shared folder would log each PDF as failed.
    static let mediaExtensions = MediaFileNames.extensions

    static func isMediaName(_ name: String) -> Bool {
        MediaFileNames.isMedia(name)
    }

    /// Checks the arguments before anything is written: a folder that is not there
    /// (an unmounted share) must not turn the whole library "missing".
    static func roots(_ arguments: [String]) throws(CatalogError) -> [IngestRoot] {
        var roots: [IngestRoot] = []
        for argument in arguments {
            let url = URL(fileURLWithPath: argument).standardizedFileURL.resolvingSymlinksInPath()
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
                throw CatalogError(.noInput, path: argument, message: "no such folder")
            }
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw CatalogError(.noInput, path: argument, message: "cannot be read")
            }
            let root = IngestRoot(path: url.path, isFolder: isFolder.boolValue)
            if !roots.contains(root) { roots.append(root) }
        }
        return roots
    }

    /// Every media file under the roots, sorted by path (so runs are reproducible),
    /// each once. Hidden files and folders and the `skipping` folders are left out.
    static func videos(in roots: [IngestRoot], skipping skipped: [String]) -> [ScannedVideo] {
        var paths = Set<String>()
        for root in roots {
            if !root.isFolder {
                paths.insert(root.path)
                continue
            }
            let base = URL(fileURLWithPath: root.path, isDirectory: true)
            // Unreadable subfolders are passed over; the rest of the walk goes on.
            guard let walker = FileManager.default.enumerator(
                at: base, includingPropertiesForKeys: [.isDirectoryKey],
                options: [.skipsHiddenFiles], errorHandler: { _, _ in true }) else { continue }
            for case let url as URL in walker {
                let path = url.standardizedFileURL.path
                if skipped.contains(path) {
                    walker.skipDescendants()
                    continue
                }
                // stat follows symlinks: a link to a video is catalogued under the link's path.
                if isMediaName(url.lastPathComponent), FileStamp.of(path) != nil { paths.insert(path) }
            }
        }
        return paths.sorted().map { ScannedVideo(path: $0, sidecarPath: sidecar(besides: $0)) }
    }

    /// `dir/x.json` for `dir/x.mp4`, if it is a file.
    static func sidecar(besides mediaPath: String) -> String? {
        let candidate = URL(fileURLWithPath: mediaPath).deletingPathExtension().appendingPathExtension("json").path
        return FileStamp.of(candidate) != nil ? candidate : nil
    }
}
