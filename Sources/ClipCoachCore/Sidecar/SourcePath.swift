import Foundation

extension Sidecar.Source {
    /// How a sidecar records its video's path: relative to the sidecar's folder when the
    /// video lies in or below it (so a folder of clips can be moved as a whole), else absolute.
    public static func recordedPath(of mediaPath: String, sidecarAt sidecar: URL) -> String {
        let media = URL(fileURLWithPath: mediaPath).standardizedFileURL.path
        let folder = sidecar.deletingLastPathComponent().standardizedFileURL.path
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return media.hasPrefix(prefix) ? String(media.dropFirst(prefix.count)) : media
    }

    /// The video's location, resolving a relative `path` against the sidecar's folder.
    public func resolvedURL(sidecarAt sidecar: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path)
            : sidecar.deletingLastPathComponent().appendingPathComponent(path)
    }
}
