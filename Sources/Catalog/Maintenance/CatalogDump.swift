import GRDB

/// Every row of the library's tables as sorted text lines, for comparing two
/// catalogs (or one catalog before and after a run). The ingest log and runs are
/// left out: they record when things happened, not what the library holds.
public enum CatalogDump {
    public enum Mode: String, Sendable, CaseIterable {
        /// Every column, ids included: "did anything change at all?"
        case exact
        /// Rows named by natural keys (a video's path, an annotation's sidecar id)
        /// instead of ids, and without the catalog's own timestamps: two catalogs
        /// built from the same files in any order, or with interruptions, dump the same.
        case portable
    }

    /// Per table: the query (with the video's path joined in) and the columns that
    /// only `exact` keeps.
    static let tables: [(name: String, sql: String, exactOnly: Set<String>)] = [
        ("video", "SELECT * FROM video", ["id", "ingested_at"]),
        ("clip", "SELECT v.path AS video_path, c.* FROM clip c JOIN video v ON v.id = c.video_id", ["id", "video_id"]),
        ("clip_tag", """
            SELECT v.path AS video_path, t.* FROM clip_tag t JOIN clip c ON c.id = t.clip_id JOIN video v ON v.id = c.video_id
            """, ["clip_id"]),
        ("segment", """
            SELECT v.path AS video_path, s.* FROM segment s JOIN clip c ON c.id = s.clip_id JOIN video v ON v.id = c.video_id
            """, ["clip_id"]),
        ("annotation", """
            SELECT v.path AS video_path, a.* FROM annotation a JOIN clip c ON c.id = a.clip_id JOIN video v ON v.id = c.video_id
            """, ["id", "clip_id"]),
        ("evidence", """
            SELECT v.path AS video_path, a.sidecar_annotation_id, e.* FROM evidence e
            JOIN annotation a ON a.id = e.annotation_id JOIN clip c ON c.id = a.clip_id JOIN video v ON v.id = c.video_id
            """, ["annotation_id"]),
        ("thumbnail", "SELECT v.path AS video_path, t.* FROM thumbnail t JOIN video v ON v.id = t.video_id", ["video_id"]),
        ("clip_text", """
            SELECT v.path AS video_path, t.rowid AS clip_id, t.label, t.topic, t.teacher, t.tags, t.notes, t.terms
            FROM clip_text t JOIN clip c ON c.id = t.rowid JOIN video v ON v.id = c.video_id
            """, ["clip_id"]),
    ]

    /// One line per row, `table: column=value ...` with columns by name; lines sorted.
    public static func lines(of catalog: CatalogDatabase, mode: Mode) throws(CatalogError) -> [String] {
        try lines(of: catalog, tables: tables, mode: mode)
    }

    /// The ingest runs and log, every column: what `lines` leaves out.
    public static func logLines(of catalog: CatalogDatabase) throws(CatalogError) -> [String] {
        try lines(of: catalog, tables: [("ingest_run", "SELECT * FROM ingest_run", []),
                                        ("ingest_log", "SELECT * FROM ingest_log", [])], mode: .exact)
    }

    private static func lines(of catalog: CatalogDatabase, tables: [(name: String, sql: String, exactOnly: Set<String>)],
                              mode: Mode) throws(CatalogError) -> [String] {
        try catalogStep(catalog.path) {
            try catalog.pool.read { db in
                var lines: [String] = []
                for table in tables {
                    for row in try Row.fetchAll(db, sql: table.sql) {
                        lines.append(line(table: table.name, row: row, exactOnly: table.exactOnly, mode: mode))
                    }
                }
                return lines.sorted()
            }
        }
    }

    /// One row as `table: column=value ...` (SQLite and PostgreSQL rows print alike).
    static func line(table: String, row: Row, exactOnly: Set<String>, mode: Mode) -> String {
        let cells = row.columnNames.sorted()
            .filter { mode == .exact || !exactOnly.contains($0) }
            .map { column in "\(column)=\((row[column] as DatabaseValue).description)" }
        return table + ": " + cells.joined(separator: " ")
    }
}
