import Foundation
import GRDB
import PostgresNIO

/// One SQL session on a catalog, SQLite or PostgreSQL: the review mirror and the cycle
/// store write their SQL once (`?` placeholders, GRDB values and rows) against this.
///
/// Synchronous on purpose: a store's transaction (read a cycle, apply a rule, write it
/// back) runs as one closure, and GRDB confines an SQLite connection to its own queue
/// for the length of a synchronous closure, so a session cannot span an `await`. The
/// PostgreSQL session waits on NIO futures instead (never on Swift's cooperative
/// threads, so it cannot starve them into a deadlock); store calls block like SQLite's
/// do, and the servers run them through their blocking-work queue.
protocol CatalogSession {
    /// Runs `sql` and returns its rows (none for a statement without a result).
    /// `columns` names the column each value is bound to (PostgreSQL binds booleans by it).
    @discardableResult
    func rows(_ sql: String, _ values: [DatabaseValue], columns: [String]?) throws -> [Row]

    /// Inside a write: holds `key` until the transaction ends, so two writers of one thing
    /// (a clip's review mirror, a cycle) take turns. PostgreSQL takes an advisory lock; an
    /// SQLite write transaction already excludes every other writer.
    func lock(_ key: Int64) throws
}

/// Advisory lock keys: a kind of thing, xor its id.
enum CatalogLockKey {
    static let reviewMirror: Int64 = 0x5265_7669_6577_0000 // "Review"
    static let cycle: Int64 = 0x4379_636c_6500_0000 // "Cycle"
}

extension CatalogSession {
    @discardableResult
    func rows(_ sql: String, _ values: [DatabaseValue] = []) throws -> [Row] {
        try rows(sql, values, columns: nil)
    }

    func execute(_ sql: String, _ values: [DatabaseValue] = []) throws {
        try rows(sql, values, columns: nil)
    }

    /// The first column of the first row.
    func value<T: DatabaseValueConvertible>(_ type: T.Type, _ sql: String, _ values: [DatabaseValue] = []) throws -> T? {
        guard let row = try rows(sql, values).first, let first = row.columnNames.first else { return nil }
        return row[first]
    }

    /// The first column of every row.
    func values<T: DatabaseValueConvertible>(_ type: T.Type, _ sql: String, _ values: [DatabaseValue] = []) throws -> [T] {
        try rows(sql, values).compactMap { row in row.columnNames.first.flatMap { row[$0] } }
    }

    /// Inserts a record (without its `id` when nil and `returningId`); the new row's id when asked.
    @discardableResult
    func insert(_ record: some EncodableRecord & TableRecord, returningId: Bool = false) throws -> Int64? {
        let statement = try CatalogSQL.insert(record, returningId: returningId)
        let rows = try rows(statement.sql, statement.values, columns: statement.columns)
        return returningId ? rows.first?["id"] : nil
    }

    /// Updates the row with the record's `id`.
    func update(_ record: some EncodableRecord & TableRecord, id: Int64) throws {
        let statement = try CatalogSQL.update(record, id: id)
        try rows(statement.sql, statement.values, columns: statement.columns)
    }
}

/// Statements built from records, the same for both backends (and the async PostgreSQL ingest).
enum CatalogSQL {
    struct Statement {
        let sql: String
        let values: [DatabaseValue]
        let columns: [String]
    }

    /// `INSERT INTO table (…) VALUES (…)`, with `RETURNING id` (SQLite 3.35+ and PostgreSQL).
    static func insert(_ record: some EncodableRecord & TableRecord, returningId: Bool) throws -> Statement {
        var (names, values) = try PostgresSQL.columns(of: record)
        if returningId, let index = names.firstIndex(of: "id"), values[index].isNull {
            names.remove(at: index)
            values.remove(at: index)
        }
        let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
        let table = type(of: record).databaseTableName
        return Statement(sql: "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(marks))"
                            + (returningId ? " RETURNING id" : ""),
                         values: values, columns: names)
    }

    static func update(_ record: some EncodableRecord & TableRecord, id: Int64) throws -> Statement {
        let (names, values) = try PostgresSQL.columns(of: record)
        let assignments = names.filter { $0 != "id" }
        let sql = "UPDATE \(type(of: record).databaseTableName) SET "
            + assignments.map { "\($0) = ?" }.joined(separator: ", ") + " WHERE id = ?"
        let assigned = assignments.map { name in values[names.firstIndex(of: name) ?? 0] }
        return Statement(sql: sql, values: assigned + [id.databaseValue], columns: assignments + ["id"])
    }

    /// `?, ?, ?` for `count` values.
    static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}

/// An SQLite session: GRDB's connection inside one `read` or `write` closure.
struct SQLiteSession: CatalogSession {
    let db: Database

    func rows(_ sql: String, _ values: [DatabaseValue], columns: [String]?) throws -> [Row] {
        try Row.fetchAll(db, sql: sql, arguments: StatementArguments(values))
    }

    func lock(_ key: Int64) throws {}
}

/// A PostgreSQL session on one connection, each statement waited for.
struct PostgresBlockingSession: CatalogSession {
    let connection: PostgresConnection
    let logger: Logger

    func rows(_ sql: String, _ values: [DatabaseValue], columns: [String]?) throws -> [Row] {
        let result = try connection.query(PostgresSQL.query(sql, values, columns: columns), logger: logger).wait()
        return try result.rows.map(PostgresSQL.row)
    }

    func lock(_ key: Int64) throws {
        try execute("SELECT pg_advisory_xact_lock(?)", [key.databaseValue])
    }
}

extension OpenedCatalog {
    /// Runs `body` on one session of the catalog (no transaction: each statement on its own).
    /// Errors come back as thrown: the body's own, or the backend's (see `failure`).
    func read<T>(_ body: (any CatalogSession) throws -> T) throws -> T {
        switch self {
        case .sqlite(let catalog):
            return try catalog.pool.read { db in try body(SQLiteSession(db: db)) }
        case .postgres(let catalog):
            return try catalog.blocking.withConnection { connection in
                try body(PostgresBlockingSession(connection: connection, logger: catalog.logger))
            }
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func write<T>(_ body: (any CatalogSession) throws -> T) throws -> T {
        try requireWritable()
        switch self {
        case .sqlite(let catalog):
            return try catalog.pool.write { db in try body(SQLiteSession(db: db)) }
        case .postgres(let catalog):
            return try catalog.blocking.withConnection { connection in
                let session = PostgresBlockingSession(connection: connection, logger: catalog.logger)
                try session.execute("BEGIN")
                let result: T
                do {
                    result = try body(session)
                } catch {
                    try? session.execute("ROLLBACK")
                    throw error
                }
                try session.execute("COMMIT")
                return result
            }
        }
    }

    /// One line for what the backend threw (a catalog error passes through unchanged).
    func failure(_ error: any Error) -> CatalogError {
        switch self {
        case .sqlite(let catalog): return CatalogError.wrapping(error, path: catalog.path)
        case .postgres(let catalog): return PostgresCatalog.wrapping(error, label: catalog.label)
        }
    }

    /// `read` with every failure as a `CatalogError`.
    func reading<T>(_ body: (any CatalogSession) throws -> T) throws(CatalogError) -> T {
        do { return try read(body) } catch { throw failure(error) }
    }

    /// `write` with every failure as a `CatalogError`.
    func writing<T>(_ body: (any CatalogSession) throws -> T) throws(CatalogError) -> T {
        do { return try write(body) } catch { throw failure(error) }
    }

    /// False when the catalog was migrated by a newer ClipCoach: reads work, writes are refused.
    public var isWritable: Bool {
        switch self {
        case .sqlite(let catalog): return catalog.isWritable
        case .postgres(let catalog): return catalog.isWritable
        }
    }

    func requireWritable() throws(CatalogError) {
        switch self {
        case .sqlite(let catalog): try catalog.requireWritable()
        case .postgres(let catalog): try catalog.requireWritable()
        }
    }
}
