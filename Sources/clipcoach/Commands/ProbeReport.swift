import Foundation
import ClipCoachCore
import Media

/// The short human summary of `probe`.
enum ProbeReport {
    static func text(for info: MediaInfo) -> String {
        var lines: [String] = []
        var head = "\(info.path): \(info.containerLongName ?? info.container)"
        if let duration = info.duration { head += ", \(Timecode.format(duration))" }
        if let size = info.size { head += ", \(byteCount(size))" }
        if let rate = info.bitRate { head += ", \(rate / 1000) kb/s" }
        lines.append(head)
        if let created = info.creationTime { lines.append("  created \(created)") }
        if info.hasLocation { lines.append("  PRIVACY: carries location (GPS) metadata") }
        for stream in info.streams { lines.append("  #\(stream.index) " + describe(stream)) }
        if info.mainVideoStream == nil { lines.append("  no video stream") }
        if let keyframes = info.keyframes {
            let shown = keyframes.prefix(12).map { String(format: "%.3f", $0) }.joined(separator: " ")
            let more = keyframes.count > 12 ? " ..." : ""
            lines.append("  keyframes: \(keyframes.count) (from \(info.keyframeSource ?? "?")): \(shown)\(more)")
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ s: StreamInfo) -> String {
        var parts = ["\(s.kind.rawValue) \(s.codec)" + (s.profile.map { " (\($0))" } ?? "")]
        switch s.kind {
        case .video:
            var picture = "\(s.width ?? 0)x\(s.height ?? 0)"
            if let sar = s.sampleAspectRatio, sar != "1:1" { picture += " SAR \(sar)" }
            if s.displayWidth != s.width || s.displayHeight != s.height {
                picture += " shown \(s.displayWidth ?? 0)x\(s.displayHeight ?? 0)"
            }
            parts.append(picture)
            if let rotation = s.rotation, rotation != 0 { parts.append("rotated \(rotation)°") }
            if let pixels = s.pixelFormat { parts.append(pixels) }
            if let fps = s.averageFrameRate ?? s.nominalFrameRate {
                parts.append(String(format: "%.3g fps", fps) + (s.variableFrameRate == true ? " (variable)" : ""))
            }
            if s.attachedPicture == true { parts.append("cover art") }
        case .audio:
            parts.append("\(s.sampleRate ?? 0) Hz")
            parts.append(s.channelLayout ?? "\(s.channels ?? 0) ch")
        default:
            break
        }
        if let language = s.language, language != "und" { parts.append("[\(language)]") }
        return parts.joined(separator: ", ")
    }

    static func byteCount(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes), unit = 0
        while value >= 1000, unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
