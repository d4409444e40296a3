import ClipCoachCore
import GRDB

/// `v5-teacher-keys`: recomputes every coaching cycle's `teacher_key` with today's name key
/// (`PersonName.key`: NFKC, case fold, default-ignorables dropped). Cycles stored by an older
/// ClipCoach keep working: "Ana" and "ana" find each other's cycles, own lessons and used
/// library clips. Additive: only the key column changes; the name as typed stays.
/// PostgreSQL runs the same step (`PostgresSchema.steps`) on its own session.
enum TeacherKeySchemaV2 {
    static let identifier = "v5-teacher-keys"

    static let select = "SELECT id, teacher, teacher_key FROM coaching_cycle"
    static let update = "UPDATE coaching_cycle SET teacher_key = ? WHERE id = ?"

    static let migration = CatalogMigration(identifier) { db in
        for values in changes(try Row.fetchAll(db, sql: select)) {
            try db.execute(sql: update, arguments: StatementArguments(values))
        }
    }

    /// The `update` arguments (new key, id) for every row of `select` whose key is not today's.
    static func changes(_ rows: [Row]) -> [[DatabaseValue]] {
        rows.compactMap { row in
            let id: Int64 = row["id"]
            let teacher: String = row["teacher"]
            let stored: String = row["teacher_key"]
            let key = PersonName.key(teacher)
            return key == stored ? nil : [key.databaseValue, id.databaseValue]
        }
    }
}
