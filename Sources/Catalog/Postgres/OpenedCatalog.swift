import Foundation

/// A catalog opened from a `CatalogLocation`: the one opener every command and server
/// uses, so `--catalog library.sqlite` and `--catalog postgresql://…` reach the same operations.
public enum OpenedCatalog: Sendable {
    case sqlite(CatalogDatabase)
    case postgres(PostgresCatalog)

    /// The environment variable naming the shared media folder of a PostgreSQL catalog.
    public static let mediaEnvironmentVariable = "CLIPCOACH_MEDIA"

    /// Opens (and migrates) the catalog. An SQLite file keeps its media folder beside it;
    /// a PostgreSQL catalog's media folder is `mediaFolder`, else `CLIPCOACH_MEDIA`, else
    /// `clipcoach.media` in the current folder.
    public static func open(_ location: CatalogLocation, mustExist: Bool, mediaFolder: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) async throws(CatalogError) -> OpenedCatalog {
        switch location {
        case .sqlite(let path):
            return .sqlite(try CatalogDatabase(path: path, mustExist: mustExist))
        case .postgres(let url):
            let media = mediaFolder ?? environment[mediaEnvironmentVariable].flatMap { $0.isEmpty ? nil : $0 } ?? "clipcoach.media"
            return .postgres(try await PostgresCatalog.open(url, mediaFolder: media))
        }
    }

    public var label: String {
        switch self {
        case .sqlite(let catalog): return catalog.path
        case .postgres(let catalog): return catalog.label
        }
    }

    public var mediaFolder: String {
        switch self {
        case .sqlite(let catalog): return catalog.mediaFolder
        case .postgres(let catalog): return catalog.mediaFolder
        }
    }

    public func search(_ query: ClipQuery, codebooks: CodebookSet = CodebookSet()) async throws(CatalogError) -> ClipSearchResult {
        switch self {
        case .sqlite(let catalog): return try ClipSearch(catalog: catalog, codebooks: codebooks).run(query)
        case .postgres(let catalog): return try await catalog.search(query, codebooks: codebooks)
        }
    }

    public func stats() async throws(CatalogError) -> CatalogStats {
        switch self {
        case .sqlite(let catalog): return try catalog.stats()
        case .postgres(let catalog): return try await catalog.stats()
        }
    }

    public func dumpLines(mode: CatalogDump.Mode) async throws(CatalogError) -> [String] {
        switch self {
        case .sqlite(let catalog): return try CatalogDump.lines(of: catalog, mode: mode)
        case .postgres(let catalog): return try await catalog.dumpLines(mode: mode)
        }
    }

    /// Brings the catalog up to date with `folders`: on SQLite as its one writer, on
    /// PostgreSQL as one worker of the shared queue (docs/scale-out.md).
    public func ingest(_ folders: [String], options: IngestOptions, leaseSeconds: Double = 30,
                       progress: (@Sendable (IngestProgress) -> Void)? = nil) async throws(CatalogError) -> IngestSummary {
        switch self {
        case .sqlite(let catalog):
            return try await LibraryIngest(catalog: catalog, folders: folders, options: options).run(progress: progress)
        case .postgres(let catalog):
            return try await PostgresIngest(catalog: catalog, folders: folders, options: options, leaseSeconds: leaseSeconds)
                .run(progress: progress)
        }
    }

    /// Closes a PostgreSQL catalog's connections (an SQLite catalog closes with its last use).
    public func close() async {
        if case .postgres(let catalog) = self { await catalog.close() }
    }
}
