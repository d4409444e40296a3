import GRDB

/// `v4-sharing`: every clip row carries its sidecar's sharing status (docs/catalog.md). Rows
/// from before are private until the next ingest reads their sidecar: privacy by default.
enum SharingSchemaV1 {
    static let migration = CatalogMigration("v4-sharing") { db in
        try db.execute(sql: """
            ALTER TABLE clip ADD COLUMN sharing TEXT NOT NULL DEFAULT 'private'
                CHECK (sharing IN ('private', 'coaching', 'library'))
            """)
        try db.execute(sql: "CREATE INDEX clip_by_sharing ON clip (sharing)")
    }
}
