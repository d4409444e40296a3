// The library catalog: videos, clips, annotations and ingest log in SQLite (GRDB).
// See docs/catalog.md.
import GRDB
