import SafeFiles
import Foundation

/// Reading and saving sidecars safely.
///
/// Every save is atomic (`AtomicFile`) and made under an exclusive advisory lock
/// (`FileLock`) that every ClipCoach writer takes. `update` reads the current file under
/// the lock and applies the caller's change to that fresh copy, so two raters saving at
/// the same moment both land. Before replacing the file it checks that the file still
/// holds the bytes (and so the revision) it read; if something that skips the lock
/// changed it, the change is re-applied to the newer file. A file that is not valid JSON,
/// not a valid sidecar, or whose annotations do not fit the codebook is never overwritten.
public enum SidecarStore {
    /// How long a save waits for another writer before giving up with `.conflict`.
    public static let lockTimeout: Double = 30

    /// Writes a new sidecar. Its revision is saved as `sidecar.revision + 1` (a new
    /// sidecar starts at 1). Fails with `.exists` if the file exists and `!overwrite`.
    /// Annotations, if any, are checked against `codebook`, or the built-in codebook
    /// the sidecar names.
    public static func create(_ sidecar: Sidecar, at url: URL, overwrite: Bool,
                              codebook: Codebook? = nil) throws(SidecarError) {
        let shown = url.relativePath
        try requireFolder(of: url)
        try FileLock.withExclusiveLock(for: url.path, timeout: lockTimeout) { () throws(SidecarError) in
            AtomicFile.removeStaleTemporaries(for: url.path)
            if !overwrite && FileManager.default.fileExists(atPath: url.path) {
                throw SidecarError(.exists, path: shown, message: "already exists (not overwritten)")
            }
            var saved = sidecar
            saved.revision = max(0, sidecar.revision) + 1
            if saved.codebook == nil, !saved.annotations.isEmpty, let codebook { saved.codebook = codebook.reference }
            try check(saved, codebook: codebook ?? saved.codebook.flatMap { Codebook.builtIn(id: $0.id) }, shown: shown)
            try write(saved, to: url, shown: shown, replace: overwrite)
        }
    }

    /// Reads a sidecar and checks its structure (not its codes: see `update` and `Sidecar.problems`).
    public static func read(_ url: URL) throws(SidecarError) -> Sidecar {
        try readWithBytes(url).sidecar
    }

    /// Applies `change` to the current sidecar and saves it: revision + 1, `updatedAt` now,
    /// the codebook recorded if none was. The change runs under the lock on a fresh read and
    /// may run more than once (if the file changed under it), so it should only edit the
    /// sidecar it is given. Returns the saved sidecar.
    @discardableResult
    public static func update(at url: URL, codebook: Codebook,
                              _ change: (inout Sidecar) throws(SidecarError) -> Void) throws(SidecarError) -> Sidecar {
        let shown = url.relativePath
        try refuseVideo(url, shown: shown)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SidecarError(.notFound, path: shown, message: "no such sidecar file")
        }
        if !FileManager.default.isWritableFile(atPath: url.path) {
            throw SidecarError(.cannotCreate, path: shown, message: "is read-only")
        }
        return try FileLock.withExclusiveLock(for: url.path, timeout: lockTimeout) { () throws(SidecarError) -> Sidecar in
            AtomicFile.removeStaleTemporaries(for: url.path)
            for _ in 0..<5 {
                let (bytes, current) = try readWithBytes(url)
                // Refuse to build on a file that is already wrong: saving would bless it.
                if let problem = current.annotationProblems(codebook: codebook, path: shown).first { throw problem }

                var next = current
                do throws(SidecarError) { try change(&next) } catch { throw error.path.isEmpty ? error.at(shown) : error }
                if next.codebook == nil && !next.annotations.isEmpty { next.codebook = codebook.reference }
                next.revision = current.revision + 1
                next.updatedAt = Sidecar.timestamp()
                try check(next, codebook: codebook, shown: shown)

                // The lock is advisory: make sure nothing changed the file since we read it.
                guard (try? FileContents.read(url.path)) == bytes else { continue }
                try write(next, to: url, shown: shown, replace: true)
                return next
            }
            throw SidecarError(.conflict, path: shown, message: "the file kept changing while saving; try again")
        }
    }

    /// A video given where its sidecar belongs: name the sidecar beside it, or how to make one.
    static func refuseVideo(_ url: URL, shown: String) throws(SidecarError) {
        guard MediaFileNames.isMedia(url.lastPathComponent) else { return }
        let sidecar = url.deletingPathExtension().appendingPathExtension("json")
        let hint = FileManager.default.fileExists(atPath: sidecar.path)
            ? "use its sidecar \((shown as NSString).deletingPathExtension).json"
            : "annotate a clip's sidecar (`clipcoach cut` makes clips with sidecars) or the lesson's (`clipcoach segment` makes one)"
        throw SidecarError(.schema, path: shown, message: "is a video, not a sidecar: \(hint)")
    }

    /// The encoded form every save writes: pretty, keys sorted (stable diffs), newline at the end.
    public static func encode(_ sidecar: Sidecar) throws(SidecarError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(sidecar) + Data("\n".utf8)
        } catch {
            throw SidecarError(.schema, path: "", message: "cannot encode: \(error)")
        }
    }

    /// Parses sidecar bytes and checks their structure; `path` names the file in errors.
    public static func decode(_ data: Data, path: String) throws(SidecarError) -> Sidecar {
        let sidecar = try parse(data, path: path)
        if let problem = sidecar.structuralProblems(path: path).first { throw problem }
        return sidecar
    }

    /// Parses sidecar bytes into the model without the checks of `Sidecar.problems`
    /// (for `validate`, which lists every problem rather than the first).
    public static func parse(_ data: Data, path: String) throws(SidecarError) -> Sidecar {
        guard (try? JSONSerialization.jsonObject(with: data)) != nil else {
            throw SidecarError(.invalidJSON, path: path, message: "not valid JSON")
        }
        let sidecar: Sidecar
        do {
            sidecar = try JSONDecoder().decode(Sidecar.self, from: data)
        } catch let error as DecodingError {
            let (field, message) = describe(error)
            throw SidecarError(.schema, path: path, field: field, message: message)
        } catch {
            throw SidecarError(.schema, path: path, message: "\(error)")
        }
        return sidecar
    }

    // MARK: - Private

    private static func readWithBytes(_ url: URL) throws(SidecarError) -> (bytes: Data, sidecar: Sidecar) {
        let shown = url.relativePath
        let data: Data
        do {
            data = try FileContents.read(url.path)
        } catch {
            switch error {
            case .notFound: throw SidecarError(.notFound, path: shown, message: "no such sidecar file")
            case .unreadable(let why): throw SidecarError(.unreadable, path: shown, message: "cannot read: \(why)")
            }
        }
        return (data, try decode(data, path: shown))
    }

    static func check(_ sidecar: Sidecar, codebook: Codebook?, shown: String) throws(SidecarError) {
        if let problem = sidecar.structuralProblems(path: shown).first { throw problem }
        if let codebook {
            if let problem = sidecar.annotationProblems(codebook: codebook, path: shown).first { throw problem }
        } else if let used = sidecar.codebook, !sidecar.annotations.isEmpty {
            throw SidecarError(.unknownCodebook, path: shown, field: "codebook.id",
                               message: "unknown codebook '\(used.id)' (load that codebook)")
        }
    }

    static func write(_ sidecar: Sidecar, to url: URL, shown: String, replace: Bool) throws(SidecarError) {
        let data = try encode(sidecar)
        do {
            try AtomicFile.write(data, to: url.path, replace: replace)
        } catch {
            if error.errorNumber == EEXIST && !replace {
                throw SidecarError(.exists, path: shown, message: "already exists (not overwritten)")
            }
            throw SidecarError(error.cannotCreate ? .cannotCreate : .writeFailed, path: shown, message: error.message)
        }
    }

    static func requireFolder(of url: URL) throws(SidecarError) {
        var isDirectory: ObjCBool = false
        let folder = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SidecarError(.cannotCreate, path: url.relativePath, message: "folder \(folder) does not exist")
        }
    }
}
