import ClipCoachCore
import Foundation
import GRDB

/// `library ingest … --catalog postgresql://…`: the ingest as a shared work queue.
///
/// Every run (on any machine that sees the library and the media folder) queues the
/// files it finds, then works as one of the queue's workers until nothing is left to
/// claim and no other worker holds a live lease. Each file is claimed, worked on (the
/// same `VideoAnalysis` as the SQLite ingest) and committed in one transaction with its
/// queue row, so a worker killed at any moment loses nothing: its lease runs out and
/// the file is claimed again. The final catalog is the one an uninterrupted run makes.
public struct PostgresIngest: Sendable {
    public let catalog: PostgresCatalog
    public let folders: [String]
    public let options: IngestOptions
    /// How long a claim lasts without a heartbeat; heartbeats come every third of it.
    public var leaseSeconds: Double
    /// Claims of one file before it is given up as failed.
    public var maxAttempts: Int
    /// Names this worker in the queue (host:pid by default).
    public var workerName: String

    public init(catalog: PostgresCatalog, folders: [String], options: IngestOptions = IngestOptions(),
                leaseSeconds: Double = 30, maxAttempts: Int = 3, workerName: String? = nil) {
        self.catalog = catalog
        self.folders = folders
        self.options = options
        self.leaseSeconds = leaseSeconds
        self.maxAttempts = maxAttempts
        self.workerName = workerName ?? "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    public func run(progress: (@Sendable (IngestProgress) -> Void)? = nil) async throws(CatalogError) -> IngestSummary {
        let started = ContinuousClock.now
        try catalog.requireWritable()
        guard IngestOptions.jobsRange.contains(options.jobs) else {
            throw CatalogError(.invalidQuery, path: catalog.label, message: "jobs must be between 1 and 64")
        }
        let roots = try LibraryScan.roots(folders)
        do {
            try FileManager.default.createDirectory(atPath: catalog.mediaFolder, withIntermediateDirectories: true)
        } catch {
            throw CatalogError(.writeFailed, path: catalog.mediaFolder, message: "cannot make the media folder: \(error.localizedDescription)")
        }
        let scanned = LibraryScan.videos(in: roots, skipping: [catalog.mediaFolder])
        let runId = UUID().uuidString.lowercased()
        let run = IngestRun(id: runId, startedAt: Sidecar.timestamp(), finishedAt: nil,
                            folders: roots.map(\.path).joined(separator: "\n"), jobs: options.jobs,
                            ingested: 0, unchanged: 0, missing: 0, failed: 0)
        let queued = try await catalog.transaction { session in
            try await session.insert(run)
            return try await IngestQueue.enqueue(scanned, session: session)
        }
        let tally = SharedTally(total: scanned.count, report: progress)
        tally.setUnchanged(scanned.count - queued)

        let layout = MediaFolderLayout(root: catalog.mediaFolder)
        let byPath = Dictionary(scanned.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let outcome: Result<Void, CatalogError> = await withTaskGroup(of: Result<Void, CatalogError>.self) { group in
            for _ in 0..<options.jobs {
                group.addTask {
                    do throws(CatalogError) {
                        try await work(layout: layout, byPath: byPath, runId: runId, tally: tally)
                        return .success(())
                    } catch {
                        return .failure(error)
                    }
                }
            }
            var first: Result<Void, CatalogError> = .success(())
            for await result in group {
                if case .failure = result, case .success = first {
                    first = result
                    group.cancelAll()
                }
            }
            return first
        }
        try outcome.get()

        let seen = Set(scanned.map(\.path))
        let missing = try await catalog.transaction { session in
            try await Self.markMissing(under: roots, seen: seen, runId: runId, session: session)
        }
        for result in missing { tally.record(result) }
        let counts = tally.counts
        try await catalog.session { session in
            try await session.execute("""
                UPDATE ingest_run SET finished_at = ?, ingested = ?, unchanged = ?, missing = ?, failed = ? WHERE id = ?
                """, [Sidecar.timestamp().databaseValue, counts.ingested.databaseValue, counts.unchanged.databaseValue,
                      counts.missing.databaseValue, counts.failed.databaseValue, runId.databaseValue])
        }
        let elapsed = ContinuousClock.now - started
        return IngestSummary(
            runId: runId, catalog: catalog.label, folders: roots.map(\.path), jobs: options.jobs, counts: counts,
            files: tally.results.sorted { $0.path < $1.path },
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Seconds between looks at the queue while other workers hold its last files.
    static let lookAgain = 0.1

    /// One worker slot: claim, work, commit, until the queue is drained.
    private func work(layout: MediaFolderLayout, byPath: [String: ScannedVideo], runId: String,
                      tally: SharedTally) async throws(CatalogError) {
        while !Task.isCancelled {
            let claim = try await catalog.session { session in
                try await IngestQueue.claim(worker: workerName, leaseSeconds: leaseSeconds, session: session)
            }
            guard let claim else {
                // Nothing free: wait while other workers hold files (a dead one's lease will run
                // out). Look again soon: most held files are finished in well under a second, and
                // a worker that slept for seconds would keep its run open that long for nothing.
                let held = try await catalog.session { session in try await IngestQueue.claimedElsewhere(session: session) }
                guard held.count > 0 else { return }
                let wait = min(max(held.nextExpiry ?? Self.lookAgain, 0.05), Self.lookAgain)
                try? await Task.sleep(for: .milliseconds(Int(wait * 1000)))
                continue
            }
            if let result = try await process(claim, layout: layout, byPath: byPath, runId: runId) {
                tally.record(result)
            }
        }
    }

    /// Works on one claimed file under a heartbeat. nil when the lease was lost meanwhile.
    private func process(_ claim: IngestQueue.Claim, layout: MediaFolderLayout, byPath: [String: ScannedVideo],
                         runId: String) async throws(CatalogError) -> IngestFileResult? {
        let (catalog, worker, lease) = (catalog, workerName, leaseSeconds)
        let work: FileWork
        if claim.attempts > maxAttempts {
            let reasons = claim.reasons ?? "no reason recorded"
            work = .failed(path: claim.path, failure: IngestFailure(
                .damaged, message: "gave up after \(maxAttempts) attempts: \(reasons)"))
        } else {
            // A file queued by another worker's walk is found the same way here.
            let scanned = byPath[claim.path] ?? ScannedVideo(path: claim.path, sidecarPath: LibraryScan.sidecar(besides: claim.path))
            let heartbeat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(Int(lease * 1000 / 3)))
                    if Task.isCancelled { break }
                    try? await catalog.session { session in
                        try await IngestQueue.renew(path: claim.path, worker: worker, leaseSeconds: lease, session: session)
                    }
                }
            }
            defer { heartbeat.cancel() }
            let existing = try await catalog.session { session in
                try await PostgresCatalogWriter.existingVideo(path: claim.path, session: session)
            }
            work = await VideoAnalysis.work(for: scanned, existing: existing, layout: layout, options: options)
        }
        let finalState: String
        if case .failed = work { finalState = "failed" } else { finalState = "done" }
        let result: IngestFileResult? = try await catalog.transaction { session in
            guard try await IngestQueue.finish(path: claim.path, worker: worker, state: finalState, session: session) else {
                return nil
            }
            return try await PostgresCatalogWriter.commit(work, runId: runId, session: session)
        }
        if result != nil, case .ingest(let update) = work, let old = update.previousMediaFolder, old != update.video.mediaFolder {
            layout.remove(old)
        }
        return result
    }

    static func markMissing(under roots: [IngestRoot], seen: Set<String>, runId: String,
                            session: PostgresSession) async throws -> [IngestFileResult] {
        var results: [IngestFileResult] = []
        for row in try await session.rows("SELECT id, path FROM video WHERE status <> 'missing' ORDER BY path") {
            let path: String = row["path"]
            guard !seen.contains(path), roots.contains(where: { $0.contains(path) }) else { continue }
            let id: Int64 = row["id"]
            try await session.execute("UPDATE video SET status = 'missing' WHERE id = ?", [id.databaseValue])
            // Back on disk later, it is queued again.
            try await session.execute("DELETE FROM ingest_queue WHERE path = ?", [path.databaseValue])
            let result = IngestFileResult(path: path, outcome: .missing)
            try await PostgresCatalogWriter.log(result, runId: runId, session: session)
            results.append(result)
        }
        return results
    }
}

/// Results and counts from several worker slots.
private final class SharedTally: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let reporter: (@Sendable (IngestProgress) -> Void)?
    private var storedCounts = IngestCounts()
    private var storedResults: [IngestFileResult] = []

    init(total: Int, report: (@Sendable (IngestProgress) -> Void)?) {
        self.total = total
        self.reporter = report
    }

    var counts: IngestCounts { lock.withLock { storedCounts } }
    var results: [IngestFileResult] { lock.withLock { storedResults } }

    func setUnchanged(_ count: Int) {
        lock.withLock { storedCounts.unchanged = max(0, count) }
    }

    func record(_ result: IngestFileResult) {
        let progress: IngestProgress = lock.withLock {
            storedCounts.add(result.outcome)
            storedResults.append(result)
            return IngestProgress(total: total, done: min(storedCounts.total, total), counts: storedCounts, lastPath: result.path)
        }
        reporter?(progress)
    }
}
