import ArgumentParser
import Catalog
import ClipCoachCore
import Foundation

struct LibrarySearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find clips by MQI code and score, grade, topic and words.",
        discussion: """
        With --code, clips annotated on that code are listed best score first; a clip \
        scored by several raters is ranked by its best score, and lesson sidecars give one \
        hit per scored segment (with the segment's times). Ties keep catalog order (clip id).

        --min-score POINT means "at least this good". For codes where a higher point is \
        worse (MQI Errors and Imprecision, errors.*), best is lowest: \
        --code errors.imprecision --min-score low finds not-present and low. For every \
        other code --min-score mid finds mid and high.

        --grade matches the sidecar's grade exactly (case-insensitive), --topic any part \
        of its topic, --text every word (as a word prefix) in labels, topics, teachers, \
        tags and annotation notes. Only videos present at the last ingest are searched.
        """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var catalogOptions: CatalogOptions
    @OptionGroup var codebookOptions: CodebookOptions

    @Option(name: .long, help: ArgumentHelp("A code id, e.g. richness.explanations.", valueName: "id"))
    var code: String?

    @Option(name: .customLong("min-score"), help: ArgumentHelp("With --code: at least this good a score point.", valueName: "point"))
    var minScore: String?

    @Option(name: .long, help: ArgumentHelp("Grade, exactly: 4, K.", valueName: "g"))
    var grade: String?

    @Option(name: .long, help: ArgumentHelp("Part of the topic.", valueName: "t"))
    var topic: String?

    @Option(name: .long, help: ArgumentHelp("Words to find.", valueName: "q"))
    var text: String?

    @Option(name: .long, help: "At most this many clips (1...10000).")
    var limit: Int = ClipQuery.defaultLimit

    @Flag(help: "Also clips not cleared as 'library' (private, coaching), each marked with its sharing status.")
    var all = false

    @Flag(help: "Print the hits as JSON, with queryMilliseconds.")
    var json = false

    func validate() throws {
        guard ClipQuery.limitRange.contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
        if minScore != nil && code == nil { throw ValidationError("--min-score needs --code") }
    }

    func run() async throws {
        global.bootstrap()
        var query = ClipQuery(code: code, minimumScore: minScore, grade: grade, topic: topic, text: text, limit: limit)
        query.allStatuses = all
        let codebooks = try LibraryCommandSupport.codebooks(codebookOptions)
        let catalog = try await catalogOptions.openAny(mustExist: true)
        let result: ClipSearchResult
        do {
            result = try await catalog.search(query, codebooks: codebooks)
            await catalog.close()
        } catch {
            await catalog.close()
            throw LibraryCommandSupport.fail(error)
        }
        if json {
            try Output.json(result)
            return
        }
        guard !result.hits.isEmpty else {
            Output.line(all ? "no clips match" : "no library clips match (only clips cleared as 'library' are searched; --all searches every status)")
            return
        }
        var rows = [["ID", "SCORE", "KIND", "LABEL", "TIMES", "GRADE", "TOPIC", "FILE", "POSTER"] + (all ? ["SHARING"] : [])]
        for hit in result.hits {
            let score = hit.scoreSummary
            let segment = hit.segment.map { " seg \($0)" } ?? ""
            rows.append([
                String(hit.clipId), score, hit.kind.rawValue, hit.label,
                "\(LibraryCommandSupport.time(hit.start))-\(LibraryCommandSupport.time(hit.end))\(segment)",
                hit.grade ?? "-", hit.topic ?? "-", hit.file, hit.poster ?? "-",
            ] + (all ? [hit.sharing == SharingStatus.library.rawValue ? hit.sharing : "\(hit.sharing) (not cleared)"] : []))
        }
        TextColumns.render(rows).forEach { Output.line($0) }
    }
}
