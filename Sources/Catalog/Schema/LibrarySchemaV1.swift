import GRDB

/// The first catalog schema: videos, their clip (sidecar) facts, annotations,
/// thumbnails, the ingest log, and a full-text index.
///
/// Plain SQL on purpose, so the same tables can live in PostgreSQL later: only
/// standard types (INTEGER, TEXT, DOUBLE PRECISION, BOOLEAN), snake_case names,
/// no SQL keywords as column names (`start`/`end` are `start_time`/`end_time`),
/// foreign keys with ON DELETE CASCADE. The SQLite-specific parts are the
/// `INTEGER PRIMARY KEY AUTOINCREMENT` ids (identity columns elsewhere; AUTOINCREMENT
/// so an id is never reused for another row: coaching cycles will point at clip ids)
/// and the FTS5 table `clip_text`. Column meanings: docs/catalog.md.
enum LibrarySchemaV1 {
    static func create(_ db: Database) throws {
        for statement in statements { try db.execute(sql: statement) }
    }

    static let statements = [
        """
        CREATE TABLE video (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            path TEXT NOT NULL UNIQUE,
            fingerprint TEXT NOT NULL,
            size INTEGER NOT NULL,
            modified_ns INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('present', 'missing', 'failed')),
            sidecar_path TEXT,
            sidecar_fingerprint TEXT,
            container TEXT NOT NULL,
            duration DOUBLE PRECISION,
            start_time DOUBLE PRECISION,
            width INTEGER,
            height INTEGER,
            display_width INTEGER,
            display_height INTEGER,
            rotation INTEGER NOT NULL,
            video_codec TEXT NOT NULL,
            audio_codec TEXT,
            frame_rate DOUBLE PRECISION,
            has_location BOOLEAN NOT NULL,
            keyframe_count INTEGER NOT NULL,
            media_folder TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX video_by_fingerprint ON video (fingerprint)",
        """
        CREATE TABLE clip (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            video_id INTEGER NOT NULL UNIQUE REFERENCES video (id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('clip', 'lesson', 'video')),
            sidecar_id TEXT,
            sidecar_revision INTEGER,
            label TEXT NOT NULL,
            duration DOUBLE PRECISION,
            source_path TEXT,
            source_fingerprint TEXT,
            source_start DOUBLE PRECISION,
            source_end DOUBLE PRECISION,
            requested_start DOUBLE PRECISION,
            requested_end DOUBLE PRECISION,
            mode TEXT,
            sidecar_poster TEXT,
            teacher TEXT,
            grade TEXT,
            topic TEXT,
            lesson_date TEXT,
            codebook_id TEXT,
            codebook_version TEXT
        )
        """,
        "CREATE INDEX clip_by_source ON clip (source_fingerprint)",
        "CREATE INDEX clip_by_teacher ON clip (teacher)",
        """
        CREATE TABLE clip_tag (
            clip_id INTEGER NOT NULL REFERENCES clip (id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (clip_id, tag)
        )
        """,
        "CREATE INDEX clip_tag_by_tag ON clip_tag (tag)",
        """
        CREATE TABLE segment (
            clip_id INTEGER NOT NULL REFERENCES clip (id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            start_time DOUBLE PRECISION NOT NULL,
            end_time DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (clip_id, number)
        )
        """,
        """
        CREATE TABLE annotation (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            clip_id INTEGER NOT NULL REFERENCES clip (id) ON DELETE CASCADE,
            sidecar_annotation_id TEXT NOT NULL,
            code TEXT NOT NULL,
            score TEXT NOT NULL,
            score_rank INTEGER,
            merit INTEGER,
            rater TEXT NOT NULL,
            role TEXT NOT NULL,
            note TEXT,
            segment_number INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (clip_id, sidecar_annotation_id)
        )
        """,
        // Search by code walks this index best-first and stops at --limit.
        "CREATE INDEX annotation_by_code ON annotation (code, merit DESC, clip_id, segment_number)",
        "CREATE INDEX annotation_by_rater ON annotation (rater)",
        """
        CREATE TABLE evidence (
            annotation_id INTEGER NOT NULL REFERENCES annotation (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            time DOUBLE PRECISION NOT NULL,
            comment TEXT,
            PRIMARY KEY (annotation_id, position)
        )
        """,
        """
        CREATE TABLE thumbnail (
            video_id INTEGER NOT NULL REFERENCES video (id) ON DELETE CASCADE,
            file TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('poster', 'keyframe')),
            time DOUBLE PRECISION NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            PRIMARY KEY (video_id, file)
        )
        """,
        """
        CREATE TABLE ingest_run (
            id TEXT PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            folders TEXT NOT NULL,
            jobs INTEGER NOT NULL,
            ingested INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            missing INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0
        )
        """,
        """
        CREATE TABLE ingest_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL REFERENCES ingest_run (id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('ingested', 'unchanged', 'missing', 'failed')),
            reason TEXT,
            logged_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX ingest_log_by_run ON ingest_log (run_id)",
        "CREATE INDEX ingest_log_by_path ON ingest_log (path)",
        // Full text over what people remember about a clip. rowid = clip.id; kept
        // in step with `clip` by the same transaction that writes the clip.
        """
        CREATE VIRTUAL TABLE clip_text USING fts5(
            label, topic, teacher, tags, notes,
            tokenize = 'porter unicode61 remove_diacritics 2'
        )
        """,
    ]
}
