import Foundation
import GRDB

/// The library catalog: one SQLite file (`library.sqlite` by default) in WAL mode,
/// migrated to the current schema when opened, with a managed media folder beside
/// it (`library.media/`) for posters and thumbnails.
///
/// Writes go through `database.write { }` (or `await database.write { }`): GRDB
/// serializes them on one connection, each closure is one transaction. Reads run
/// concurrently with writes (WAL). Sendable: share one value between tasks.
public struct CatalogDatabase: Sendable {
    public static let defaultFileName = "library.sqlite"

    /// The catalog file, absolute.
    public let path: String
    /// The managed media folder, absolute (it may not exist until the first ingest).
    public let mediaFolder: String
    /// False when the catalog was migrated by a newer ClipCoach: reads work, writes are refused.
    public let isWritable: Bool
    let pool: DatabasePool

    /// For features that add their own tables (by migration) and queries.
    public var database: any DatabaseWriter { pool }

    /// Opens the catalog at `path`, creating it unless `mustExist`, and applies any
    /// migration not yet applied: the library's (`CatalogSchema.migrations`), then `additionalMigrations`.
    public init(path: String, mustExist: Bool = false,
                additionalMigrations: [CatalogMigration] = []) throws(CatalogError) {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        if mustExist && !FileManager.default.fileExists(atPath: absolute) {
            throw CatalogError(.notFound, path: path, message: "no catalog here (make one with `clipcoach library ingest DIR`)")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder), isFolder.boolValue {
            throw CatalogError(.cannotOpen, path: path, message: "is a folder, not a catalog file")
        }
        let migrator = try CatalogSchema.migrator(adding: additionalMigrations, path: path)
        var configuration = Configuration()
        // Another process (a second ingest, a search) may hold the write lock for a moment.
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        let pool = try catalogStep(path) { try DatabasePool(path: absolute, configuration: configuration) }
        let (superseded, current) = try catalogStep(path) {
            try pool.read { db in (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db)) }
        }
        // A catalog already at this version is not written to at all: reads stay reads.
        if !superseded && !current {
            try catalogStep(path) { try migrator.migrate(pool) }
        }
        self.path = absolute
        self.mediaFolder = Self.mediaFolder(forCatalog: absolute)
        self.isWritable = !superseded
        self.pool = pool
    }

    /// Removes a catalog file with its SQLite companions (-wal, -shm, -journal): for a
    /// command that created the catalog and was then refused, so it leaves nothing behind.
    public static func removeFiles(at path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { _ = unlink(path + suffix) }
    }

    /// `library.sqlite` -> `library.media`, beside it.
    public static func mediaFolder(forCatalog path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let stem = url.pathExtension.isEmpty ? url.lastPathComponent : url.deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent(stem + ".media").path
    }

    /// An absolute path for a file the catalog records relative to the media folder.
    public func mediaPath(_ relative: String) -> String { mediaFolder + "/" + relative }

    func requireWritable() throws(CatalogError) {
        guard isWritable else {
            throw CatalogError(.newerSchema, path: path,
                               message: "written by a newer ClipCoach; this version only reads it")
        }
    }
}
