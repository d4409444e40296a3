import Foundation

/// MIME types of the videos ClipCoach handles, for ELAN's MEDIA_DESCRIPTOR and Web Annotation's `format`.
enum MediaType {
    static func of(_ url: URL) -> String {
        switch url.pathExtension.lowercased() {
        case "mp4", "m4v": "video/mp4"
        case "mov": "video/quicktime"
        case "mkv": "video/x-matroska"
        case "webm": "video/webm"
        case "ts", "mts": "video/mp2t"
        case "avi": "video/x-msvideo"
        case "ogg", "ogv": "video/ogg"
        case "wav": "audio/x-wav"
        default: "video/*"
        }
    }
}

/// Paths as the formats refer to media.
enum MediaPath {
    /// `file:///abs/path/clip%2001.mp4`.
    static func fileURL(_ url: URL) -> String {
        url.standardizedFileURL.absoluteString
    }

    /// The media's path relative to the folder of the document that refers to it (`./a.mp4`,
    /// `../lessons/lesson.mp4`), as ELAN's RELATIVE_MEDIA_URL wants it.
    static func relative(_ media: URL, from document: URL) -> String {
        let target = media.standardizedFileURL.pathComponents
        let base = document.deletingLastPathComponent().standardizedFileURL.pathComponents
        var common = 0
        while common < min(target.count, base.count), target[common] == base[common] { common += 1 }
        let ups = Array(repeating: "..", count: base.count - common)
        let rest = target[common...]
        let parts = (ups.isEmpty ? ["."] : ups) + rest
        return parts.joined(separator: "/").addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? parts.joined(separator: "/")
    }
}
