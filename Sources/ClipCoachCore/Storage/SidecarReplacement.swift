import SafeFiles
import Foundation

extension SidecarStore {
    /// Writes a freshly cut clip's sidecar where one may already be (`cut --force`) and
    /// never drops people's work silently. Under the sidecar's lock, so an `annotate`
    /// saving at the same moment is either kept or set aside, never lost:
    ///
    /// - the same clip again (same id: same lesson, window and mode): the new sidecar
    ///   keeps the old one's annotations, codebook, context, unknown fields and
    ///   creation time, and its revision count goes on;
    /// - another clip under that name: the context (teacher, grade, topic, date, tags)
    ///   carries over when the lesson is the same. Annotations belong to the old window,
    ///   so a file holding any (or one that cannot be read as a sidecar) is first kept
    ///   whole as `NAME.replaced-YYYYMMDDTHHMMSSZ.json`, named in a warning of the new sidecar.
    ///
    /// Returns the sidecar as saved.
    @discardableResult
    public static func replace(with sidecar: Sidecar, at url: URL) throws(SidecarError) -> Sidecar {
        let shown = url.relativePath
        try requireFolder(of: url)
        return try FileLock.withExclusiveLock(for: url.path, timeout: lockTimeout) {
            () throws(SidecarError) -> Sidecar in
            AtomicFile.removeStaleTemporaries(for: url.path)
            guard let bytes = try? FileContents.read(url.path) else { return try save(sidecar, to: url, shown: shown) }
            let old = try? decode(bytes, path: shown)
            var next = sidecar
            if let old, old.id == sidecar.id, old.source.fingerprint == sidecar.source.fingerprint {
                next.annotations = old.annotations
                next.codebook = old.codebook
                next.context = old.context
                next.unknownFields = old.unknownFields
                next.createdAt = old.createdAt
                next.revision = old.revision
                return try save(next, to: url, shown: shown)
            }
            if let old, old.source.fingerprint == sidecar.source.fingerprint { next.context = old.context }
            if old.map({ !$0.annotations.isEmpty }) ?? true {
                let aside = try setAside(bytes, of: url)
                let what = old.map { "its \($0.annotations.count) annotation(s) were made on another window" }
                    ?? "it could not be read as a sidecar"
                next.clip?.warnings.append("replaced \(url.lastPathComponent) kept as \(aside.lastPathComponent): \(what)")
            }
            return try save(next, to: url, shown: shown)
        }
    }

    private static func save(_ sidecar: Sidecar, to url: URL, shown: String) throws(SidecarError) -> Sidecar {
        var saved = sidecar
        saved.revision = max(0, sidecar.revision) + 1
        saved.updatedAt = Sidecar.timestamp()
        // Carried annotations were checked when they were saved; a codebook that is not
        // built in (passed with --codebook then) is not at hand here, so only the structure is.
        if let codebook = saved.codebook.flatMap({ Codebook.builtIn(id: $0.id) }) {
            try check(saved, codebook: codebook, shown: shown)
        } else if let problem = saved.structuralProblems(path: shown).first {
            throw problem
        }
        try write(saved, to: url, shown: shown, replace: true)
        return saved
    }

    /// Copies the old bytes to a new name beside the sidecar (never over another file).
    private static func setAside(_ bytes: Data, of url: URL) throws(SidecarError) -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let stem = url.deletingPathExtension().lastPathComponent + ".replaced-" + formatter.string(from: Date())
        for attempt in 0..<100 {
            let name = stem + (attempt == 0 ? "" : "-\(attempt + 1)") + ".json"
            let aside = url.deletingLastPathComponent().appendingPathComponent(name)
            do {
                try AtomicFile.write(bytes, to: aside.path, replace: false)
                return aside
            } catch where error.errorNumber == EEXIST {
                continue
            } catch {
                throw SidecarError(.writeFailed, path: aside.relativePath, message: error.message)
            }
        }
        throw SidecarError(.writeFailed, path: url.relativePath, message: "no free name to keep the replaced sidecar")
    }
}
