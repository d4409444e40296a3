import ArgumentParser
import Catalog
import ClipCoachCore
import Foundation

struct ReviewAgreementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Agreement between raters who scored the same clips or segments (double scoring).",
        discussion: """
        An item is a clip (or a lesson's segment, or a lesson for whole-lesson codes) scored on \
        one code; it counts when two or more raters scored it. Score points are compared as \
        ranks on the code's scale. Per code and per scale (overall): exact agreement, adjacent \
        agreement (within one point), Cohen's kappa with linear and quadratic weights for a \
        rater pair, Krippendorff's alpha (ordinal) across all raters; then the items where \
        raters differ by two or more points. When a rater scored an item twice, the later \
        score counts. Sidecars come from the catalog (default ./library.sqlite) or are given.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Sidecars to read instead of a catalog.")
    var sidecars: [String] = []

    @OptionGroup var catalogOption: ReviewCatalogOption

    @Option(name: .long, help: ArgumentHelp("Only this code (repeatable).", valueName: "id"))
    var code: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only these raters (repeat: --rater A --rater B; two make the kappa pair).",
                                            valueName: "name"))
    var rater: [String] = []

    @OptionGroup var codebookOptions: CodebookOptions

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func validate() throws {
        if !sidecars.isEmpty && catalogOption.catalog != nil { throw ValidationError("give sidecars or --catalog, not both") }
        if rater.count == 1 { throw ValidationError("--rater: give two or more raters (--rater A --rater B), or none for all") }
    }

    func run() async throws {
        global.bootstrap()
        do {
            let codebook = try codebookOptions.load()
            let ratings = try await sidecars.isEmpty ? catalogOption.with(catalogRatings) : sidecars.flatMap { path in
                try SidecarStore.read(URL(fileURLWithPath: path)).ratings
            }
            let report = try AgreementReport.compute(ratings, codebook: codebook, codes: code, raters: rater)
            if json {
                try Output.json(report)
            } else {
                AgreementTable.print(report)
            }
        } catch {
            throw ReviewCommandSupport.fail(error)
        }
    }

    /// Every catalogued clip's sidecar, read now (the sidecars are the record).
    private func catalogRatings(_ catalog: OpenedCatalog) throws -> [Rating] {
        var ratings: [Rating] = []
        for clip in try catalog.reviewableClips() {
            do {
                ratings += try SidecarStore.read(URL(fileURLWithPath: clip.sidecarPath)).ratings
            } catch {
                Output.warning("\(error) (left out)")
            }
        }
        return ratings
    }
}

/// The readable form of an agreement report.
enum AgreementTable {
    static func print(_ report: AgreementReport) {
        guard !report.codes.isEmpty else {
            Output.line("No scores to compare.")
            return
        }
        var rows = [["CODE", "ITEMS", "EXACT", "ADJACENT", "KAPPA LIN", "KAPPA QUAD", "ALPHA", "RATERS"]]
        for row in report.codes { rows.append(cells(row.code, row.figures)) }
        for pool in report.overall { rows.append(cells("overall (\(pool.scale))", pool.figures)) }
        TextColumns.render(rows).forEach { Output.line($0) }

        let notes = (report.codes.map { ($0.code, $0.figures.notes) } + report.overall.map { ("overall (\($0.scale))", $0.figures.notes) })
            .filter { !$0.1.isEmpty }
        if !notes.isEmpty || !report.notes.isEmpty {
            Output.line()
            for note in report.notes { Output.line("note: \(note)") }
            for (name, lines) in notes { for line in lines { Output.line("\(name): \(line)") } }
        }
        Output.line()
        if report.disagreements.isEmpty {
            Output.line("No item has scores two or more points apart.")
        } else {
            Output.line("Two or more points apart (for calibration):")
            var wide = [["ITEM", "CODE", "SCORES"]]
            for item in report.disagreements {
                wide.append([item.item.description, item.code, item.scores.map { "\($0.rater): \($0.score)" }.joined(separator: ", ")])
            }
            TextColumns.render(wide, indent: "  ").forEach { Output.line($0) }
        }
    }

    private static func cells(_ name: String, _ figures: AgreementFigures) -> [String] {
        func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "-" }
        func number(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "-" }
        let raters = figures.kappaRaters.map { "\($0.joined(separator: " vs ")) (\(figures.raters.count))" }
            ?? figures.raters.joined(separator: ", ")
        return [name, String(figures.items), percent(figures.exact), percent(figures.adjacent),
                number(figures.kappaLinear), number(figures.kappaQuadratic), number(figures.alpha), raters]
    }
}
