import ArgumentParser
import Catalog
import ClipCoachCore
import Foundation

struct ReviewQueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "List annotation sets waiting for a reviewer (submitted) or a rater (changes requested).",
        discussion: """
        From the catalog (default ./library.sqlite): its copy of every clip's review is first \
        refreshed from the sidecars, which are the record. Or from the SIDECAR files given.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Sidecars to look at instead of a catalog.")
    var sidecars: [String] = []

    @OptionGroup var catalogOption: ReviewCatalogOption

    @Flag(help: "List every reviewed set, accepted and draft too.")
    var all = false

    @Flag(help: "Print the queue as JSON.")
    var json = false

    func validate() throws {
        if !sidecars.isEmpty && catalogOption.catalog != nil { throw ValidationError("give sidecars or --catalog, not both") }
    }

    func run() async throws {
        global.bootstrap()
        let states: [ReviewState] = all ? ReviewState.allCases : [.submitted, .changesRequested]
        do {
            let entries = try await sidecars.isEmpty ? catalogOption.with { try fromCatalog($0, states) } : fromSidecars(states)
            if json {
                try Output.json(entries)
            } else {
                print(entries)
            }
        } catch {
            throw ReviewCommandSupport.fail(error)
        }
    }

    private func fromCatalog(_ catalog: OpenedCatalog, _ states: [ReviewState]) throws -> [ReviewQueueEntry] {
        if catalog.isWritable {
            for problem in try catalog.refreshReviewMirror() {
                Output.warning("\(problem.clip.sidecarPath): \(problem.problem)")
            }
        }
        return try catalog.reviewQueue(states: states)
    }

    private func fromSidecars(_ states: [ReviewState]) throws -> [ReviewQueueEntry] {
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
}
