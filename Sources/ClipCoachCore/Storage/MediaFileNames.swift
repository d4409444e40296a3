import Foundation

/// Which file names are videos, by extension: what ingest scans for, and what annotate
/// refuses with a pointer to the sidecar to use instead.
public enum MediaFileNames {
    public static let extensions: Set<String> = [
        "mp4", "m4v", "mov", "mkv", "webm", "avi", "ts", "mts", "m2ts", "mpg", "mpeg",
        "ogg", "ogv", "wmv", "flv", "3gp",
    ]

    /// True for `lesson.MP4`, false for hidden files (`._lesson.mp4` from macOS copies).
    public static func isMedia(_ name: String) -> Bool {
        !name.hasPrefix(".") && extensions.contains((name as NSString).pathExtension.lowercased())
    }
}
