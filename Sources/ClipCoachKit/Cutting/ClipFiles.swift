import ClipCoachCore
import Foundation
import Media

/// The files one clip owns: the video, its poster and its sidecar.
public struct ClipFiles: Sendable {
    public let clip: URL
    public let poster: URL?
    public let sidecar: URL

    init(folder: URL, name: String, clipExtension: String, withPoster: Bool) {
        clip = folder.appendingPathComponent("\(name).\(clipExtension)")
        poster = withPoster ? folder.appendingPathComponent("\(name).jpg") : nil
        sidecar = folder.appendingPathComponent("\(name).json")
    }

    func refuseExisting() throws(CutError) {
        for url in [clip, sidecar] + (poster.map { [$0] } ?? []) where FileManager.default.fileExists(atPath: url.path) {
            throw .exists(path: url.path)
        }
    }
}

/// Outputs are written under hidden temporary names in the output folder and
/// renamed into place only when whole; whatever is not committed is removed.
final class Staging {
    private let folder: URL
    private var temporaries: [URL: String] = [:]

    init(folder: URL) { self.folder = folder }

    /// A temporary path in the same folder (so the final rename is atomic).
    func reserve(_ final: URL) -> String {
        if let existing = temporaries[final] { return existing }
        let path = folder.appendingPathComponent(".\(final.lastPathComponent).\(UUID().uuidString.prefix(8)).partial").path
        temporaries[final] = path
        return path
    }

    func path(for final: URL) -> String { reserve(final) }

    func commit(_ final: URL) throws(CutError) {
        guard let temporary = temporaries[final] else { return }
        guard rename(temporary, final.path) == 0 else {
            throw .write(path: final.path, message: "cannot move the finished file into place: \(String(cString: strerror(errno)))")
        }
        temporaries[final] = nil
    }

    func removeAll() {
        for temporary in temporaries.values { unlink(temporary) }
        temporaries.removeAll()
    }
}

/// One clip as the cut command reports it.
public struct CutResult: Sendable {
    public let files: ClipFiles
    public let sidecar: Sidecar
    /// The poster written beside the clip (nil: none), as chosen: a catalog can take it as its own.
    public let poster: PosterPick?
    public var posterWritten: Bool { poster != nil }
}
