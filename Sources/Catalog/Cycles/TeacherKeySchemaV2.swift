import ClipCoachCore
import GRDB

/// `v5-teacher-keys`: recomputes every coaching cycle's `teacher_key` with today's name key
/// (`PersonName.key`: NFKC, case fold, default-ignorables dropped). Cycles stored by an older
/// ClipCoach keep working: "Ana" and "ana" find each other's cycles, own lessons and used
/// library clips. Additive: only the key column changes; the name as typed stays.
enum TeacherKeySchemaV2 {
    static let migration = CatalogMigration("v5-teacher-keys") { db in
        let rows = try Row.fetchAll(db, sql: "SELECT id, teacher, teacher_key FROM coaching_cycle")
        for row in rows {
            let id: Int64 = row["id"]
            let teacher: String = row["teacher"]
            let stored: String = row["teacher_key"]
            let key = PersonName.key(teacher)
            if key != stored {
                try db.execute(sql: "UPDATE coaching_cycle SET teacher_key = ? WHERE id = ?", arguments: [key, id])
            }
        }
    }
}
