import GRDB

/// The coaching-cycle tables. Same SQL rules as `LibrarySchemaV1`: portable types,
/// snake_case names, no SQL keywords as names. A cycle is one `coaching_cycle` row plus
/// its focus codes, clips, notes and goals in child tables (ON DELETE CASCADE).
///
/// `coaching_cycle_clip.library_clip_id` is the catalog's `clip.id` but has no foreign
/// key: a cycle is a record of what was shown, and must neither block the library's own
/// maintenance nor vanish with it; the label, length, grade and file paths are copied
/// into the row when the clip is picked.
enum CycleSchemaV1 {
    static let identifier = "v3-coaching-cycles"

    static let migration = CatalogMigration(identifier, migrate: create)

    static func create(_ db: Database) throws {
        for statement in statements { try db.execute(sql: statement) }
    }

    static let statements = [
        """
        CREATE TABLE coaching_cycle (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            revision INTEGER NOT NULL,
            teacher TEXT NOT NULL,
            teacher_key TEXT NOT NULL,
            grade TEXT,
            lesson_path TEXT NOT NULL,
            lesson_fingerprint TEXT NOT NULL,
            lesson_duration DOUBLE PRECISION NOT NULL,
            codebook_id TEXT NOT NULL,
            codebook_version TEXT NOT NULL,
            min_clip_length DOUBLE PRECISION NOT NULL,
            max_clip_length DOUBLE PRECISION NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('planned', 'clips-chosen', 'conversation-held', 'action-plan-set', 'closed')),
            previous_cycle_id INTEGER REFERENCES coaching_cycle (id),
            clip_folder TEXT,
            plan_set_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            closed_at TEXT
        )
        """,
        "CREATE INDEX coaching_cycle_by_teacher ON coaching_cycle (teacher_key, id)",
        """
        CREATE TABLE coaching_cycle_code (
            cycle_id INTEGER NOT NULL REFERENCES coaching_cycle (id) ON DELETE CASCADE,
            purpose TEXT NOT NULL CHECK (purpose IN ('focus', 'next-focus')),
            position INTEGER NOT NULL,
            code TEXT NOT NULL,
            PRIMARY KEY (cycle_id, purpose, position)
        )
        """,
        """
        CREATE TABLE coaching_cycle_clip (
            cycle_id INTEGER NOT NULL REFERENCES coaching_cycle (id) ON DELETE CASCADE,
            number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 3),
            kind TEXT NOT NULL CHECK (kind IN ('teacher', 'library')),
            label TEXT,
            library_clip_id INTEGER,
            requested_start DOUBLE PRECISION,
            requested_end DOUBLE PRECISION,
            actual_start DOUBLE PRECISION,
            actual_end DOUBLE PRECISION,
            duration DOUBLE PRECISION,
            grade TEXT,
            media_path TEXT,
            poster_path TEXT,
            sidecar_path TEXT,
            PRIMARY KEY (cycle_id, number)
        )
        """,
        "CREATE INDEX coaching_cycle_clip_by_library_clip ON coaching_cycle_clip (library_clip_id)",
        """
        CREATE TABLE coaching_cycle_note (
            cycle_id INTEGER NOT NULL REFERENCES coaching_cycle (id) ON DELETE CASCADE,
            clip_number INTEGER NOT NULL CHECK (clip_number BETWEEN 1 AND 3),
            describe_text TEXT NOT NULL,
            elevate_text TEXT NOT NULL,
            next_steps_text TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (cycle_id, clip_number)
        )
        """,
        """
        CREATE TABLE coaching_cycle_goal (
            cycle_id INTEGER NOT NULL REFERENCES coaching_cycle (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            goal TEXT NOT NULL,
            PRIMARY KEY (cycle_id, position)
        )
        """,
    ]
}

/// Adds the coaching-cycle migration to a migrator (for callers that build their own).
public func registerCycleMigrations(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration(CycleSchemaV1.identifier, migrate: CycleSchemaV1.create)
}
