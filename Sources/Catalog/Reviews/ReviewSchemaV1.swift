import GRDB

/// The review tables: a mirror of the `review` part of each clip's sidecar (the sidecar is
/// the record; these rows let the catalog answer "what waits for review" with one query).
/// Same SQL rules as `LibrarySchemaV1`: portable types, snake_case, no keywords as names
/// (`by` -> `actor`, `at` -> `happened_at`). `segment_number` is 0 for a clip's set or a
/// lesson's whole-lesson codes, so it can be part of the primary key (no NULL there).
enum ReviewSchemaV1 {
    static let identifier = "v2-reviews"

    static let migration = CatalogMigration(identifier, migrate: create)

    static func create(_ db: Database) throws {
        for statement in statements { try db.execute(sql: statement) }
    }

    static let statements = [
        """
        CREATE TABLE review_set (
            clip_id INTEGER NOT NULL REFERENCES clip (id) ON DELETE CASCADE,
            segment_number INTEGER NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'accepted', 'changesRequested')),
            submitted_by TEXT,
            updated_at TEXT NOT NULL,
            sidecar_revision INTEGER NOT NULL,
            PRIMARY KEY (clip_id, segment_number)
        )
        """,
        "CREATE INDEX review_set_by_state ON review_set (state, updated_at)",
        """
        CREATE TABLE review_event (
            clip_id INTEGER NOT NULL REFERENCES clip (id) ON DELETE CASCADE,
            segment_number INTEGER NOT NULL,
            position INTEGER NOT NULL,
            happened_at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            from_state TEXT NOT NULL,
            to_state TEXT NOT NULL,
            comment TEXT,
            sidecar_revision INTEGER NOT NULL,
            changes TEXT NOT NULL,
            PRIMARY KEY (clip_id, segment_number, position)
        )
        """,
        "CREATE INDEX review_event_by_actor ON review_event (actor)",
    ]
}

/// Adds the review tables' migration to a migrator (for callers that build their own).
public func registerReviewMigrations(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration(ReviewSchemaV1.identifier, migrate: ReviewSchemaV1.create)
}
