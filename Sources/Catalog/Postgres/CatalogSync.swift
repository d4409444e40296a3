import Failures
import Foundation
import GRDB

/// `library sync --from CATALOG --to CATALOG`: copies a whole catalog, SQLite <->
/// PostgreSQL either way, ids kept (cycles and reviews point at clip ids), in one
/// transaction on the destination: it ends as the source, or as it was. The media
/// folders the source's videos refer to are copied too when the two media folders differ.
public enum CatalogSync {
    /// Parents before children. The PostgreSQL ingest queue is a worker's state, not the library's.
    static let tables = [
        "video", "clip", "clip_tag", "segment", "annotation", "evidence", "thumbnail",
        "ingest_run", "ingest_log", "clip_text",
        "review_set", "review_event",
        "coaching_cycle", "coaching_cycle_code", "coaching_cycle_clip", "coaching_cycle_note", "coaching_cycle_goal",
    ]
    /// Tables whose `id` an identity sequence hands out in PostgreSQL.
    static let identityTables = ["video", "clip", "annotation", "ingest_log", "coaching_cycle"]

    /// One table's rows, as plain values (GRDB rows are not Sendable).
    struct TableRows: Sendable {
        let table: String
        let columns: [String]
        let rows: [[DatabaseValue]]

        init(table: String, rows: [Row]) {
            self.table = table
            self.columns = rows.first.map { Array($0.columnNames) } ?? []
            let columns = self.columns
            self.rows = rows.map { row in columns.map { row[$0] as DatabaseValue } }
        }
    }

    public struct Summary: Codable, Sendable {
        public let from: String
        public let to: String
        /// Rows copied per table.
        public let rows: [String: Int]
        /// Video media folders copied (posters, thumbnails).
        public let mediaFolders: Int
    }

    /// Copies `source` into `destination`. Refuses (changing nothing) when the destination
    /// already holds videos, unless `replace`.
    public static func copy(from source: OpenedCatalog, to destination: OpenedCatalog,
                            replace: Bool) async throws(CatalogError) -> Summary {
        let data = try await read(source)
        let existing = try await videoCount(destination)
        if existing > 0 && !replace {
            throw CatalogError(.cannotOpen, path: destination.label,
                               message: "already holds \(existing) videos; it is overwritten with \(source.label) only when asked to",
                               remedy: .replaceCatalog)
        }
        try await write(data, to: destination)
        let folders = copyMedia(data, from: source.mediaFolder, to: destination.mediaFolder)
        return Summary(from: source.label, to: destination.label,
                       rows: Dictionary(uniqueKeysWithValues: data.map { ($0.table, $0.rows.count) }), mediaFolders: folders)
    }

    static func selectSQL(_ table: String) -> String {
        table == "clip_text" ? "SELECT rowid, label, topic, teacher, tags, notes, terms FROM clip_text ORDER BY rowid"
            : "SELECT * FROM \(table)"
    }

    static func read(_ catalog: OpenedCatalog) async throws(CatalogError) -> [TableRows] {
        switch catalog {
        case .sqlite(let database):
            return try catalogStep(database.path) {
                try database.pool.read { db in try tables.map { TableRows(table: $0, rows: try Row.fetchAll(db, sql: selectSQL($0))) } }
            }
        case .postgres(let database):
            return try await database.session { session in
                var result: [TableRows] = []
                for table in tables { result.append(TableRows(table: table, rows: try await session.rows(selectSQL(table)))) }
                return result
            }
        }
    }

    static func videoCount(_ catalog: OpenedCatalog) async throws(CatalogError) -> Int {
        switch catalog {
        case .sqlite(let database):
            return try catalogStep(database.path) { try database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM video") ?? 0 } }
        case .postgres(let database):
            return try await database.session { session in try await session.value(Int.self, "SELECT COUNT(*) FROM video") ?? 0 }
        }
    }

    static func write(_ data: [TableRows], to catalog: OpenedCatalog) async throws(CatalogError) {
        switch catalog {
        case .sqlite(let database):
            try database.requireWritable()
            try await catalogStepAsync(database.path) {
                try await database.pool.write { db in
                    for table in tables.reversed() { try db.execute(sql: "DELETE FROM \(table)") }
                    for table in data where !table.rows.isEmpty {
                        let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
                        let statement = try db.makeStatement(
                            sql: "INSERT INTO \(table.table) (\(table.columns.joined(separator: ", "))) VALUES (\(marks))")
                        for row in table.rows { try statement.execute(arguments: StatementArguments(row)) }
                    }
                }
            }
        case .postgres(let database):
            try database.requireWritable()
            try await database.transaction { session in
                try await session.execute("DELETE FROM ingest_queue")
                for table in tables.reversed() { try await session.execute("DELETE FROM \(table)") }
                for tableRows in data where !tableRows.rows.isEmpty {
                    let (table, rows, names) = (tableRows.table, tableRows.rows, tableRows.columns)
                    // Many rows per statement: a 100,000-clip catalog copies in seconds, not minutes.
                    let perStatement = max(1, 20_000 / max(1, names.count))
                    var start = 0
                    while start < rows.count {
                        let chunk = rows[start..<min(rows.count, start + perStatement)]
                        let tuple = "(" + Array(repeating: "?", count: names.count).joined(separator: ", ") + ")"
                        let sql = "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES "
                            + Array(repeating: tuple, count: chunk.count).joined(separator: ", ")
                        var values: [DatabaseValue] = []
                        var columns: [String] = []
                        values.reserveCapacity(chunk.count * names.count)
                        for row in chunk {
                            values += row
                            columns += names
                        }
                        try await session.execute(sql, values, columns: columns)
                        start += perStatement
                    }
                }
                for table in identityTables {
                    try await session.execute("""
                        SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE((SELECT max(id) FROM \(table)), 0) + 1, false)
                        """)
                }
            }
        }
    }

    /// Copies each video's media folder that the destination lacks. Returns how many.
    static func copyMedia(_ data: [TableRows], from source: String, to destination: String) -> Int {
        let from = URL(fileURLWithPath: source).standardizedFileURL.path
        let to = URL(fileURLWithPath: destination).standardizedFileURL.path
        guard from != to, let videos = data.first(where: { $0.table == "video" }),
              let column = videos.columns.firstIndex(of: "media_folder") else { return 0 }
        var copied = 0
        let files = FileManager.default
        for row in videos.rows {
            guard let folder = String.fromDatabaseValue(row[column]), !folder.isEmpty, !folder.contains("..") else { continue }
            let target = to + "/" + folder
            guard files.fileExists(atPath: from + "/" + folder), !files.fileExists(atPath: target) else { continue }
            let staging = target + ".partial-sync"
            try? files.removeItem(atPath: staging)
            do {
                try files.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try files.copyItem(atPath: from + "/" + folder, toPath: staging)
                try files.moveItem(atPath: staging, toPath: target)
                copied += 1
            } catch {
                try? files.removeItem(atPath: staging)
            }
        }
        return copied
    }
}
