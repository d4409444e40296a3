import Failures
import Foundation
import SafeFiles
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output folder filled all at once: pictures are written into a hidden
/// staging folder inside it and moved into place only when every one is
/// done, then the index is written last. A failure removes the staging folder
/// and leaves the output folder as it was.
struct PictureStaging {
    let folder: String
    let staging: String
    /// The folders made for this run, deepest first (removed again on failure if empty).
    let madeFolders: [String]

    /// Prepares `folder` (making it and its missing parents). Refuses, unless
    /// `replacing`, when it already holds an index or files named like pictures.
    static func prepare(folder: String, indexName: String, replacing: Bool,
                        isPictureName: (String) -> Bool) throws(PictureOutputError) -> PictureStaging {
        let made = try PictureFiles.makeFolder(folder)
        do throws(PictureOutputError) { try PictureFiles.checkWritableFolder(folder) } catch {
            MadeFolders.removeIfEmpty(made)
            throw error
        }
        if made.isEmpty && !replacing {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            if names.contains(indexName) || names.contains(where: isPictureName) {
                throw PictureOutputError(.exists, path: folder,
                                         message: "already holds thumbnails (\(indexName))", remedy: .overwrite)
            }
        }
        let staging = folder + "/.clipcoach-staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(staging, 0o700) == 0 else {
            let error = PictureOutputError.from(errno: errno, path: folder, doing: "cannot write into the output folder")
            MadeFolders.removeIfEmpty(made)
            throw error
        }
        return PictureStaging(folder: folder, staging: staging, madeFolders: made)
    }

    func stagedPath(_ name: String) -> String { staging + "/" + name }

    /// Moves the staged pictures into the folder, writes the index, and, when
    /// replacing, removes older pictures the new index no longer lists.
    func commit(pictureNames: [String], index: Data, indexName: String,
                isPictureName: (String) -> Bool) throws(PictureOutputError) {
        for name in pictureNames where rename(stagedPath(name), folder + "/" + name) != 0 {
            throw .from(errno: errno, path: folder + "/" + name, doing: "cannot move into place")
        }
        try PictureFiles.writeAtomically(index, to: folder + "/" + indexName, durable: true)
        let kept = Set(pictureNames)
        let present = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in present where isPictureName(name) && !kept.contains(name) {
            unlink(folder + "/" + name)
        }
        PictureFiles.removeTree(staging)
    }

    /// Removes everything this run wrote.
    func abandon() {
        PictureFiles.removeTree(staging)
        MadeFolders.removeIfEmpty(madeFolders)
    }
}
