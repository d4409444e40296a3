import Foundation

/// `library ingest`: walks folders for media files and their sidecars and brings the
/// catalog up to date with them.
///
/// - Unchanged files (same size, modification time and fingerprint, same sidecar) cost
///   a stat and a fingerprint read, and write nothing.
/// - New or changed files are probed, get a poster and keyframe thumbnails in the
///   managed media folder, and their sidecar is read: one transaction per file.
/// - Files gone from a walked folder are marked missing, never deleted.
/// - A file that fails is logged with its reason; the run goes on.
///
/// At most `options.jobs` files are worked on at once (a task group topped up as
/// tasks finish), so memory stays bounded by the job count, not the library size.
public struct LibraryIngest: Sendable {
    public let catalog: CatalogDatabase
    public let folders: [String]
    public let options: IngestOptions

    public init(catalog: CatalogDatabase, folders: [String], options: IngestOptions = IngestOptions()) {
        self.catalog = catalog
        self.folders = folders
        self.options = options
    }

    /// Runs the ingest. `progress` is called after each file from one task at a time.
    /// Throws only for problems with the catalog itself (it cannot be written, another
    /// ingest holds it, a folder does not exist); a bad file is a `failed` result.
    public func run(progress: (@Sendable (IngestProgress) -> Void)? = nil) async throws(CatalogError) -> IngestSummary {
        let started = ContinuousClock.now
        try catalog.requireWritable()
        guard IngestOptions.jobsRange.contains(options.jobs) else {
            throw CatalogError(.invalidQuery, path: catalog.path, message: "jobs must be between 1 and 64")
        }
        let roots = try LibraryScan.roots(folders)
        let lock = try IngestLock.acquire(mediaFolder: catalog.mediaFolder)
        defer { withExtendedLifetime(lock) {} }

        let writer = CatalogWriter(catalog: catalog, runId: UUID().uuidString.lowercased())
        try await writer.startRun(folders: roots.map(\.path), jobs: options.jobs)
        let scanned = LibraryScan.videos(in: roots, skipping: [catalog.mediaFolder])
        let context = IngestContext(catalog: catalog, layout: MediaFolderLayout(root: catalog.mediaFolder), options: options)

        var tally = Tally(total: scanned.count, report: progress)
        tally.report()
        try await ingestAll(scanned, context: context, writer: writer, tally: &tally)

        let missing = try await writer.markMissing(under: roots, seen: Set(scanned.map(\.path)))
        for result in missing { tally.record(result) }
        try await writer.logUnchanged(tally.results.filter { $0.outcome == .unchanged }.map(\.path))
        try await writer.finishRun(tally.counts)
        // Only a finished run knows which media folders are still wanted.
        context.layout.collectGarbage(keeping: try await writer.referencedMediaFolders())

        let elapsed = ContinuousClock.now - started
        return IngestSummary(
            runId: writer.runId, catalog: catalog.path, folders: roots.map(\.path), jobs: options.jobs,
            counts: tally.counts, files: tally.results.sorted { $0.path < $1.path },
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Keeps `jobs` files in flight; each task does its media work and then its
    /// (serialized) write, so one file's decoding overlaps another's commit.
    private func ingestAll(_ files: [ScannedVideo], context: IngestContext, writer: CatalogWriter,
                           tally: inout Tally) async throws(CatalogError) {
        let outcome: Result<Void, CatalogError> = await withTaskGroup(of: Result<IngestFileResult, CatalogError>.self) { group in
            var pending = files.makeIterator()
            func startNext() -> Bool {
                guard let file = pending.next() else { return false }
                group.addTask {
                    do throws(CatalogError) {
                        let work = try await VideoAnalysis.work(for: file, context: context)
                        let result = try await writer.commit(work)
                        if case .ingest(let update) = work, let old = update.previousMediaFolder, old != update.video.mediaFolder {
                            context.layout.remove(old)
                        }
                        return .success(result)
                    } catch {
                        return .failure(error)
                    }
                }
                return true
            }
            for _ in 0..<options.jobs where !startNext() { break }
            while let next = await group.next() {
                switch next {
                case .success(let result):
                    tally.record(result)
                    tally.report()
                    _ = startNext()
                case .failure(let error):
                    // The catalog itself failed (disk full, damaged file): stop, keep what is committed.
                    group.cancelAll()
                    return .failure(error)
                }
            }
            return .success(())
        }
        try outcome.get()
    }
}

/// Results and counts as files finish, and the progress report.
private struct Tally {
    let total: Int
    let reporter: (@Sendable (IngestProgress) -> Void)?
    private(set) var counts = IngestCounts()
    private(set) var results: [IngestFileResult] = []

    init(total: Int, report: (@Sendable (IngestProgress) -> Void)?) {
        self.total = total
        self.reporter = report
    }

    mutating func record(_ result: IngestFileResult) {
        counts.add(result.outcome)
        results.append(result)
    }

    func report() {
        reporter?(IngestProgress(total: total, done: min(results.count, total), counts: counts, lastPath: results.last?.path))
    }
}
