import ArgumentParser
import Catalog
import Foundation

struct LibraryIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Bring the catalog up to date with folders of videos and their sidecars.",
        discussion: """
        Walks each folder for media files (by extension: mp4, mov, mkv, webm, avi, ts, ogg, \
        ...; hidden files skipped) and the sidecar beside each (x.mp4 -> x.json, as `cut` \
        and `segment` write them). A new or changed video is probed and gets a poster and \
        keyframe thumbnails (320 px wide, at most 120) in the media folder beside the \
        catalog; its sidecar's context and annotations are read. Unchanged files (same \
        size, modification time and content fingerprint, same sidecar) cost no media work \
        and change nothing. A file gone from a walked folder is marked missing, not deleted.

        Each file is written in its own transaction: a run stopped at any moment (even \
        killed) leaves no half rows, and the next run picks up where it stopped. A file \
        that cannot be ingested is reported with its reason and the run goes on; the exit \
        code is then the worst such file's (65 damaged or not media, 66 unreadable, 69 no \
        video stream), as with `probe a b c`.
        """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var catalogOptions: CatalogOptions
    @OptionGroup var codebookOptions: CodebookOptions

    @Argument(help: ArgumentHelp("Folders (or single files) to ingest.", valueName: "dir"))
    var folders: [String]

    @Option(name: .long, help: "Files ingested at a time (1...64).")
    var jobs: Int = 1

    @Option(name: .long, help: ArgumentHelp("Decoder threads per file (1...64; default: the cores shared among --jobs). A worker given one core: 1.",
                                            valueName: "n"))
    var threads: Int?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(help: ArgumentHelp("Work the shared queue of a PostgreSQL catalog with other workers (docs/scale-out.md)."))
    var worker = false

    @Option(name: .long, help: ArgumentHelp("PostgreSQL queue: seconds a claimed file stays claimed without a heartbeat.",
                                            visibility: .hidden))
    var lease: Double = 30

    func validate() throws {
        guard IngestOptions.jobsRange.contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64") }
        if let threads, !IngestOptions.threadsRange.contains(threads) { throw ValidationError("--threads must be between 1 and 64") }
        guard !folders.isEmpty else { throw ValidationError("give at least one folder to ingest") }
    }

    func run() async throws {
        global.bootstrap()
        let options = IngestOptions(jobs: jobs, threadsPerFile: threads, codebooks: try LibraryCommandSupport.codebooks(codebookOptions))
        if worker, case .sqlite = try catalogOptions.location() {
            throw LibraryCommandSupport.fail(CatalogError(.unsupported, path: "", message:
                "--worker needs a PostgreSQL catalog (--catalog postgresql://USER@HOST:PORT/DB): an SQLite file has one writer"))
        }
        let catalog = try await catalogOptions.openAny(mustExist: false)
        let bar = IngestProgressBar()
        let summary: IngestSummary
        do throws(CatalogError) {
            if case .postgres = catalog, lease < 1 {
                throw CatalogError(.invalidQuery, path: "", message: "--lease must be at least 1 second")
            }
            summary = try await catalog.ingest(folders, options: options, leaseSeconds: lease) { progress in bar.update(progress) }
            await catalog.close()
        } catch {
            bar.finish()
            await catalog.close()
            throw LibraryCommandSupport.fail(error)
        }
        bar.finish()
        var worst = ExitStatus.ok
        for result in summary.failures {
            if let failure = result.failure {
                Output.problem("\(result.path): \(failure.message)")
                worst = max(worst, ExitStatus(failure))
            }
        }
        if json {
            try Output.json(summary)
        } else {
            printSummary(summary)
        }
        if worst != .ok { throw worst.exitCode }
    }

    private func printSummary(_ summary: IngestSummary) {
        let counts = summary.counts
        Output.line("ingested \(counts.ingested), unchanged \(counts.unchanged), missing \(counts.missing), "
            + "failed \(counts.failed) (\(counts.total) files, \(String(format: "%.1f", summary.seconds)) s) into \(summary.catalog)")
        let failures = summary.failures
        if !failures.isEmpty {
            Output.line("failed:")
            for result in failures { Output.line("  \(result.path): \(result.failure?.message ?? "unknown")") }
        }
        let warned = summary.files.filter { !$0.warnings.isEmpty }
        if !warned.isEmpty {
            Output.line("warnings:")
            for result in warned { Output.line("  \(result.path): \(result.warnings.joined(separator: "; "))") }
        }
        let missing = summary.files.filter { $0.outcome == .missing }
        if !missing.isEmpty {
            Output.line("missing (kept in the catalog, left out of searches):")
            for result in missing { Output.line("  \(result.path)") }
        }
    }
}

/// The ingest's progress bar: files done of all, the counts so far and the ETA, on a
/// terminal only. Fed from the ingest's reporting task; the lock keeps it safe anyway.
final class IngestProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let bar = ProgressBar("ingest")

    func update(_ progress: IngestProgress) {
        let counts = progress.counts
        let fraction = progress.total > 0 ? Double(progress.done) / Double(progress.total) : 1
        let detail = "\(progress.done)/\(progress.total) (new \(counts.ingested), same \(counts.unchanged), failed \(counts.failed))"
        lock.withLock { _ = bar.update(fraction, detail: detail) }
    }

    func finish() { lock.withLock { bar.finish() } }
}
