import GRDB

/// `v6-search-terms`: `clip_text` gets a `terms` column (every word and its stem, computed
/// in Swift by `SearchTerms`), and `--text` matches only it, so SQLite and PostgreSQL give
/// the same answers and "explain" finds "explanation". SQLite rebuilds the FTS5 table (the
/// other columns kept, unindexed); PostgreSQL adds the column. Both fill it from the rows there.
enum SearchTermsSchemaV1 {
    static let identifier = "v6-search-terms"

    static let migration = CatalogMigration(identifier) { db in
        let rows = try Row.fetchAll(db, sql: "SELECT rowid, label, topic, teacher, tags, notes FROM clip_text")
        try db.execute(sql: "DROP TABLE clip_text")
        try db.execute(sql: """
            CREATE VIRTUAL TABLE clip_text USING fts5(
                label UNINDEXED, topic UNINDEXED, teacher UNINDEXED, tags UNINDEXED, notes UNINDEXED, terms,
                tokenize = 'unicode61 remove_diacritics 0'
            )
            """)
        for row in rows {
            try db.execute(sql: ClipText.insertSQL, arguments: StatementArguments(text(of: row).insertValues(clipId: row["rowid"])))
        }
    }

    /// PostgreSQL: the column, then the same fill.
    static let postgresStatements = ["ALTER TABLE clip_text ADD COLUMN terms TEXT NOT NULL DEFAULT ''"]

    static func fillPostgres(_ session: PostgresSession) async throws {
        for row in try await session.rows("SELECT rowid, label, topic, teacher, tags, notes FROM clip_text") {
            let text = text(of: row)
            try await session.execute("UPDATE clip_text SET terms = ? WHERE rowid = ?",
                                      [text.terms.databaseValue, (row["rowid"] as Int64).databaseValue])
        }
    }

    static func text(of row: Row) -> ClipText {
        ClipText(label: row["label"] ?? "", topic: row["topic"] ?? "", teacher: row["teacher"] ?? "",
                 tags: row["tags"] ?? "", notes: row["notes"] ?? "")
    }
}
