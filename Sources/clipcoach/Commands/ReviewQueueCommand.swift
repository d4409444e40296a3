import ArgumentParser
import Catalog
import ClipCoachCore
import Foundation

struct ReviewQueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "List annotation sets waiting for a reviewer (submitted) or a rater (changes requested).",
        discussion: """
        From the catalog (--catalog, $CLIPCOACH_CATALOG, else the nearest library.sqlite): its \
        copy of every clip's review is first refreshed from the sidecars, which are the record; \
        sidecars changed since the last `library ingest` are listed after the queue. Or from the \
        PATHS given (sidecars, videos, folders walked as ingest walks them): their sidecars' \
        queue, then those of them the catalog does not hold yet.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Sidecars, videos or folders to look at instead of the catalog's queue.", valueName: "paths"))
    var paths: [String] = []

    @OptionGroup var catalogOption: ReviewCatalogOption

    @Flag(help: "List every reviewed set, accepted and draft too.")
    var all = false

    @Flag(help: "Print the queue as JSON.")
    var json = false

    func run() async throws {
        global.bootstrap()
        let states: [ReviewState] = all ? ReviewState.allCases : [.submitted, .changesRequested]
        let location = try catalogOption.location()
        do {
            let (entries, stale) = try await paths.isEmpty
                ? catalogOption.with { try fromCatalog($0, states) } : fromPaths(location, states)
            if json {
                try Output.json(entries)
                for item in stale { Output.warning(Self.describe(item)) }
            } else {
                print(entries)
                print(stale)
            }
        } catch {
            throw ReviewCommandSupport.fail(error)
        }
    }

    private func fromCatalog(_ catalog: OpenedCatalog, _ states: [ReviewState]) throws -> ([ReviewQueueEntry], [SidecarFreshness]) {
        if catalog.isWritable {
            for problem in try catalog.refreshReviewMirror() {
                Output.warning("\(problem.clip.sidecarPath): \(problem.problem)")
            }
        }
        // Freshness against the last ingest is kept by the SQLite catalog (sidecar fingerprints);
        // a PostgreSQL catalog lists the queue only.
        guard case .sqlite(let database) = catalog else { return (try catalog.reviewQueue(states: states), []) }
        return (try catalog.reviewQueue(states: states), try database.sidecarsChangedSinceIngest())
    }

    private func fromPaths(_ location: CatalogLocation, _ states: [ReviewState]) throws -> ([ReviewQueueEntry], [SidecarFreshness]) {
        let entries = try fromSidecars(try SidecarFreshness.sidecars(under: paths), states)
        guard case .sqlite(let catalogPath) = location else { return (entries, []) }
        return (entries, try SidecarFreshness.check(under: paths, catalogPath: catalogPath))
    }

    private func fromSidecars(_ sidecars: [String], _ states: [ReviewState]) throws -> [ReviewQueueEntry] {
        var entries: [ReviewQueueEntry] = []
        for path in sidecars {
            let sidecar = try SidecarStore.read(URL(fileURLWithPath: path))
            let record: ReviewRecord
            do { record = try sidecar.reviewRecord() } catch { throw error.at(path) }
            for set in record.sets where states.contains(set.state) {
                entries.append(ReviewQueueEntry(
                    clipId: nil, label: sidecar.clip?.label ?? sidecar.id, sidecar: path, segment: set.segment,
                    state: set.state, submittedBy: set.submittedBy, updatedAt: set.updatedAt,
                    lastComment: set.events.last?.comment))
            }
        }
        return entries.sorted { $0.updatedAt < $1.updatedAt }
    }

    private func print(_ entries: [ReviewQueueEntry]) {
        guard !entries.isEmpty else {
            Output.line(all ? "No reviewed sets." : "Nothing waits for review.")
            return
        }
        var rows = [["STATE", "SINCE", "CLIP", "SET", "SUBMITTED BY", "SIDECAR", "LAST COMMENT"]]
        for entry in entries {
            rows.append([
                entry.state.rawValue, String(entry.updatedAt.prefix(16)).replacingOccurrences(of: "T", with: " "),
                entry.label, entry.segment.map { "segment \($0)" } ?? "-", entry.submittedBy ?? "-",
                entry.sidecar ?? "-", entry.lastComment.map { String($0.prefix(60)) } ?? "",
            ])
        }
        TextColumns.render(rows).forEach { Output.line($0) }
    }

    private func print(_ stale: [SidecarFreshness]) {
        let new = stale.filter { $0.state == .notIngested }, changed = stale.filter { $0.state == .changed }
        if !new.isEmpty {
            Output.line("")
            Output.line("Not in the catalog yet (add with `clipcoach library ingest`):")
            new.forEach { Output.line("  " + $0.sidecar) }
        }
        if !changed.isEmpty {
            Output.line("")
            Output.line("Changed since the last ingest (search and cycles see the old copy until `clipcoach library ingest`):")
            changed.forEach { Output.line("  " + Self.describe($0)) }
        }
    }

    static func describe(_ item: SidecarFreshness) -> String {
        switch item.state {
        case .notIngested: return "\(item.sidecar): not in the catalog yet"
        case .changed:
            let revisions = item.ingestedRevision.map { old in "revision \(old) ingested, \(item.revision.map(String.init) ?? "?") now" }
            return "\(item.sidecar): changed since the last ingest" + (revisions.map { " (\($0))" } ?? "")
        }
    }
}
