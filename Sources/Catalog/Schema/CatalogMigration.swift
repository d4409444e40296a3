import GRDB

/// One versioned step of the catalog schema, applied once per catalog in
/// registration order (GRDB's `DatabaseMigrator`, recorded in `grdb_migrations`).
///
/// The library's own steps are `CatalogSchema.migrations`; later features
/// (coaching cycles, reviews) append theirs, either to that list or through
/// `CatalogDatabase(path:additionalMigrations:)`. Never edit a released step:
/// add a new one.
public struct CatalogMigration: Sendable {
    public let identifier: String
    public let migrate: @Sendable (Database) throws -> Void

    public init(_ identifier: String, migrate: @escaping @Sendable (Database) throws -> Void) {
        self.identifier = identifier
        self.migrate = migrate
    }
}

public enum CatalogSchema {
    /// The library's schema steps, oldest first.
    public static let migrations: [CatalogMigration] = [
        CatalogMigration("v1-library", migrate: LibrarySchemaV1.create),
        // Review sets and their audit trail (Sources/Catalog/Reviews).
        ReviewSchemaV1.migration,
        // Coaching cycles (Sources/Catalog/Cycles).
        CycleSchemaV1.migration,
        // The sharing status of every clip (private / coaching / library).
        SharingSchemaV1.migration,
        // Coaching cycles' teacher keys recomputed with the current name key.
        TeacherKeySchemaV2.migration,
        // `clip_text.terms`: words and stems, what text search matches on both backends.
        SearchTermsSchemaV1.migration,
    ]

    /// A migrator with the library's steps and then `additional` ones.
    static func migrator(adding additional: [CatalogMigration], path: String) throws(CatalogError) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        var seen = Set<String>()
        for migration in migrations + additional {
            // GRDB stops the process on a duplicate identifier; say it as an error instead.
            guard seen.insert(migration.identifier).inserted else {
                throw CatalogError(.invalidMigration, path: path,
                                   message: "two catalog migrations are named '\(migration.identifier)'")
            }
            migrator.registerMigration(migration.identifier, migrate: migration.migrate)
        }
        return migrator
    }
}
