/// Content types of the files the server sends, by extension (browsers need the right
/// one to play a video or show a poster).
enum MediaTypes {
    static func type(forFile path: String) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "mp4", "m4v": return "video/mp4"
        case "mov": return "video/quicktime"
        case "webm": return "video/webm"
        case "mkv": return "video/x-matroska"
        case "ts", "mts": return "video/mp2t"
        case "ogg", "ogv": return "video/ogg"
        case "avi": return "video/x-msvideo"
        case "jpg", "jpeg": return "image/jpeg"
        case "png": return "image/png"
        default: return "application/octet-stream"
        }
    }
}
