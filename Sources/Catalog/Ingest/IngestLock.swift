import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One ingest at a time per catalog: an advisory lock on a file in the media folder.
/// The kernel drops it when the process ends, however it ends (a SIGKILL included),
/// so a killed run never blocks the next one.
final class IngestLock: Sendable {
    static let fileName = ".ingest.lock"
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Takes the lock or fails at once with `.busy` if another ingest holds it.
    static func acquire(mediaFolder: String) throws(CatalogError) -> IngestLock {
        do {
            try FileManager.default.createDirectory(atPath: mediaFolder, withIntermediateDirectories: true)
        } catch {
            throw CatalogError(.writeFailed, path: mediaFolder, message: "cannot make the media folder: \(error.localizedDescription)")
        }
        let path = mediaFolder + "/" + fileName
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CatalogError(.writeFailed, path: path, message: "cannot open the ingest lock: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw CatalogError(.busy, path: mediaFolder, message: "another ingest is writing into this catalog; try again when it is done")
        }
        return IngestLock(descriptor: descriptor)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
