import ClipCoachCore
import Foundation

/// Where an export gets its sidecars from.
///
/// Today a source is a sidecar file (`SidecarFileSource`). A library-wide export adds a
/// type that answers a catalog query with the sidecars it finds (see docs/interchange.md,
/// "Adding a source"); the exporters only ever see `LoadedSidecar`s.
public protocol ExportSource: Sendable {
    /// How messages name the source: a path, or a query as typed.
    var name: String { get }
    /// The sidecars this source stands for, read and checked.
    func load() throws(InterchangeError) -> [LoadedSidecar]
}

/// One clip or lesson sidecar file.
public struct SidecarFileSource: ExportSource {
    public let path: String

    public init(path: String) { self.path = path }

    public var name: String { path }

    public func load() throws(InterchangeError) -> [LoadedSidecar] {
        let url = URL(fileURLWithPath: path)
        do throws(SidecarError) {
            return [LoadedSidecar(path: path, sidecar: try SidecarStore.read(url))]
        } catch {
            throw InterchangeError(error)
        }
    }
}

/// A sidecar ready to export: the model, where it lives, and the videos its times refer to.
public struct LoadedSidecar: Sendable {
    /// As the user named it, for messages.
    public let path: String
    public let sidecar: Sidecar
    /// The lesson's frame rate (OTIO needs it). Filled by the caller: from the sidecar's
    /// `source.frameRate` when a sidecar holds one, else by probing the lesson.
    public var frameRate: FrameRate?

    public init(path: String, sidecar: Sidecar, frameRate: FrameRate? = nil) {
        self.path = path
        self.sidecar = sidecar
        self.frameRate = frameRate ?? LoadedSidecar.recordedFrameRate(of: sidecar)
    }

    public var url: URL { URL(fileURLWithPath: path) }

    /// The lesson video (a clip's source, or the lesson itself).
    public var lessonVideo: URL { sidecar.source.resolvedURL(sidecarAt: url).standardizedFileURL }

    /// The video the sidecar's own times count from: the clip file, or the lesson.
    public var ownVideo: URL {
        guard sidecar.kind == .clip, let clip = sidecar.clip else { return lessonVideo }
        return (clip.file.hasPrefix("/") ? URL(fileURLWithPath: clip.file)
            : url.deletingLastPathComponent().appendingPathComponent(clip.file)).standardizedFileURL
    }

    /// Where the sidecar's own timeline sits on the lesson's: the clip's written window, or
    /// the whole lesson.
    public var spanOnLesson: MillisecondSpan {
        if sidecar.kind == .clip, let clip = sidecar.clip {
            return MillisecondSpan(seconds: clip.actualStart, clip.actualEnd)
        }
        return MillisecondSpan(start: 0, end: Milliseconds.from(seconds: sidecar.timelineDuration))
    }

    /// Length of the sidecar's own timeline in whole milliseconds.
    public var ownDuration: Int64 { Milliseconds.from(seconds: sidecar.timelineDuration) }

    /// `source.frameRate` (a number or `"30000/1001"`), a field version-1 sidecars do not define
    /// but a later one (or a catalog) may add; kept among the unknown fields.
    static func recordedFrameRate(of sidecar: Sidecar) -> FrameRate? {
        switch sidecar.source.unknownFields["frameRate"] {
        case .integer(let value)?: FrameRate(numerator: value, denominator: 1)
        case .number(let value)?: FrameRate(approximating: value)
        case .string(let text)?: FrameRate(text: text)
        default: nil
        }
    }
}
