import Foundation

/// Reading a whole small file (a sidecar or codebook), telling "missing" from "unreadable".
enum FileContents {
    enum Failure: Error {
        case notFound
        case unreadable(String)
    }

    static func read(_ path: String) throws(Failure) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound }
        if isDirectory.boolValue { throw .unreadable("is a directory") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(errno == 0 ? "cannot read" : String(cString: strerror(errno)))
        }
    }
}
