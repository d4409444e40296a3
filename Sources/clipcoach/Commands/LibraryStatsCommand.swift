import ArgumentParser
import Catalog
import Foundation

struct LibraryStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Counts of the catalog: videos, clips, annotations per code, the last ingest.",
        discussion: "Creates an empty catalog if there is none at --catalog."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var catalogOptions: CatalogOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        global.bootstrap()
        let catalog = try await catalogOptions.openAny(mustExist: false)
        let stats: CatalogStats
        do {
            stats = try await catalog.stats()
            await catalog.close()
        } catch {
            await catalog.close()
            throw LibraryCommandSupport.fail(error)
        }
        if json {
            try Output.json(stats)
            return
        }
        func counts(_ values: [String: Int], _ order: [String]) -> String {
            order.map { "\(values[$0] ?? 0) \($0)" }.joined(separator: ", ")
        }
        var rows: [[String]] = [
            ["catalog", stats.catalog],
            ["media", stats.mediaFolder],
            ["videos", counts(stats.videos, ["present", "missing", "failed"])],
            ["clips", counts(stats.clips, ["clip", "lesson", "video"])],
            ["duration", LibraryCommandSupport.time(stats.totalDuration)],
            ["annotations", "\(stats.annotations) by \(stats.raters) rater(s) on \(stats.codes.count) code(s)"],
            ["thumbnails", "\(stats.thumbnails)"],
        ]
        if let last = stats.lastRun {
            let run = last.run
            rows.append(["last ingest", "\(run.startedAt)\(run.finishedAt == nil ? " (did not finish)" : ""): "
                + "ingested \(run.ingested), unchanged \(run.unchanged), missing \(run.missing), failed \(run.failed)"])
        }
        TextColumns.render(rows).forEach { Output.line($0) }
        if let failures = stats.lastRun?.failures, !failures.isEmpty {
            Output.line()
            Output.line("failed in the last ingest:")
            for entry in failures { Output.line("  \(entry.path): \(entry.reason ?? "unknown")") }
        }
        if !stats.codes.isEmpty {
            Output.line()
            var codeRows = [["CODE", "ANNOTATIONS", "CLIPS"]]
            for code in stats.codes { codeRows.append([code.code, String(code.annotations), String(code.clips)]) }
            TextColumns.render(codeRows).forEach { Output.line($0) }
        }
    }
}
