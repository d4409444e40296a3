import ClipCoachCore
import Foundation
import Media

/// Builds the sidecar of a freshly cut clip: where it came from and how it was cut.
enum SidecarFactory {
    static func clip(name: String, files: ClipFiles, plan: CutPlan.Window, outcome: ClipOutcome, info: MediaInfo,
                     origin: Double, fingerprint: String, mode: CutJob.Mode, format: OutputFormat,
                     posterWritten: Bool, warnings: [String]) -> Sidecar {
        let actualStart = Timecode.rounded(outcome.actualStart - origin)
        let actualEnd = Timecode.rounded(outcome.actualEnd - origin)
        let streams = outcome.sourceStreams.enumerated().map { position, sourceIndex in
            let source = info.streams.first { $0.index == sourceIndex }
            let codec = mode == .reencode ? (source?.kind == .video ? "h264" : "aac") : (source?.codec ?? "unknown")
            return Sidecar.WrittenStream(index: position, kind: source?.kind.rawValue ?? "unknown", codec: codec,
                                         language: source?.language)
        }
        let clip = Sidecar.Clip(
            label: plan.spec.label ?? name, file: files.clip.lastPathComponent,
            poster: posterWritten ? files.poster?.lastPathComponent : nil,
            requestedStart: Timecode.rounded(plan.requestedStart),
            requestedEnd: Timecode.rounded(plan.requestedEnd ?? (info.duration ?? actualEnd)),
            actualStart: actualStart, actualEnd: actualEnd,
            duration: Timecode.rounded(actualEnd - actualStart),
            mode: Sidecar.Clip.Mode(mode), container: format.fileExtension,
            streams: streams, warnings: warnings)
        let source = Sidecar.Source(path: absolutePath(info.path), fingerprint: fingerprint,
                                    duration: Timecode.rounded(info.duration ?? 0), size: info.size ?? 0)
        return Sidecar(kind: .clip, id: ClipIdentity.make(fingerprint: fingerprint, start: actualStart, end: actualEnd,
                                                         mode: mode.rawValue),
                       source: source, clip: clip)
    }

    static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

/// A clip id that is the same whenever the same window of the same lesson is cut
/// the same way, so a library sees a re-cut as the same clip.
enum ClipIdentity {
    static func make(fingerprint: String, start: Double, end: Double, mode: String) -> String {
        let text = "\(fingerprint)|\(Int((start * 1000).rounded()))|\(Int((end * 1000).rounded()))|\(mode)"
        // FNV-1a, 64 bits: stable across runs and platforms (Swift's Hasher is seeded per process).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return "clip-" + String(hash, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension Sidecar.Clip.Mode {
    init(_ mode: CutJob.Mode) {
        switch mode {
        case .copy: self = .copy
        case .reencode: self = .reencode
        case .smart: self = .smart
        }
    }
}
