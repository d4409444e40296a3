import Foundation
import GRDB
import PostgresNIO

/// The bridge between the catalog's SQL (written for SQLite, `?` placeholders, GRDB
/// values and rows) and PostgreSQL: numbered placeholders, bindings, and result rows
/// turned into GRDB `Row`s, so the catalog's records decode the same from both.
enum PostgresSQL {
    /// `?` -> `$1`, `$2`, … outside quoted text.
    static func numbered(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.count + 8)
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                out.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                out.append(character)
            } else if character == "?" {
                number += 1
                out += "$\(number)"
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// Columns stored as BOOLEAN in PostgreSQL (0/1 integers in SQLite).
    static let booleanColumns: Set<String> = ["has_location"]

    static func query(_ sql: String, _ values: [DatabaseValue], columns: [String]? = nil) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: values.count)
        for (index, value) in values.enumerated() {
            let column = columns.flatMap { index < $0.count ? $0[index] : nil }
            switch value.storage {
            case .null: bindings.appendNull()
            case .int64(let int):
                if let column, booleanColumns.contains(column) { bindings.append(int != 0) } else { bindings.append(int) }
            case .double(let double): bindings.append(double)
            case .string(let string): bindings.append(string)
            case .blob(let data): bindings.append(ByteBuffer(bytes: data))
            }
        }
        return PostgresQuery(unsafeSQL: numbered(sql), binds: bindings)
    }

    /// A PostgreSQL row as a GRDB row: integers as Int64, booleans as 0/1, reals as Double.
    static func row(_ row: PostgresRow) throws -> Row {
        var values: [String: (any DatabaseValueConvertible)?] = [:]
        for cell in row {
            values[cell.columnName] = .some(try value(cell))
        }
        return Row(values)
    }

    static func value(_ cell: PostgresCell) throws -> DatabaseValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2: return Int64(try cell.decode(Int16.self)).databaseValue
        case .int4: return Int64(try cell.decode(Int32.self)).databaseValue
        case .int8: return try cell.decode(Int64.self).databaseValue
        case .float4: return Double(try cell.decode(Float.self)).databaseValue
        case .float8: return try cell.decode(Double.self).databaseValue
        case .bool: return (try cell.decode(Bool.self) ? 1 : 0 as Int64).databaseValue
        case .bytea: return Data((try cell.decode(ByteBuffer.self)).readableBytesView).databaseValue
        default: return try cell.decode(String.self).databaseValue
        }
    }

    /// A record's columns and values as GRDB would write them.
    static func columns(of record: some EncodableRecord) throws -> (names: [String], values: [DatabaseValue]) {
        let dictionary = try record.databaseDictionary
        let names = dictionary.keys.sorted()
        return (names, names.map { dictionary[$0] ?? .null })
    }
}

/// One PostgreSQL connection (inside a transaction or not) with the catalog's SQL conventions.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger

    @discardableResult
    func rows(_ sql: String, _ values: [DatabaseValue] = [], columns: [String]? = nil) async throws -> [Row] {
        var rows: [Row] = []
        for try await row in try await connection.query(PostgresSQL.query(sql, values, columns: columns), logger: logger) {
            rows.append(try PostgresSQL.row(row))
        }
        return rows
    }

    func execute(_ sql: String, _ values: [DatabaseValue] = [], columns: [String]? = nil) async throws {
        try await rows(sql, values, columns: columns)
    }

    func value<T: DatabaseValueConvertible>(_ type: T.Type, _ sql: String, _ values: [DatabaseValue] = []) async throws -> T? {
        guard let row = try await rows(sql, values).first, let first = row.columnNames.first else { return nil }
        return row[first]
    }

    /// Inserts a record (without its `id` when nil) and returns the new row's id when the table has one.
    @discardableResult
    func insert(_ record: some EncodableRecord & TableRecord, returningId: Bool = false) async throws -> Int64? {
        let statement = try CatalogSQL.insert(record, returningId: returningId)
        let rows = try await rows(statement.sql, statement.values, columns: statement.columns)
        return returningId ? rows.first?["id"] : nil
    }

    /// Updates the row with the record's `id`.
    func update(_ record: some EncodableRecord & TableRecord, id: Int64) async throws {
        let statement = try CatalogSQL.update(record, id: id)
        try await rows(statement.sql, statement.values, columns: statement.columns)
    }
}
