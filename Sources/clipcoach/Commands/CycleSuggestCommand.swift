import ArgumentParser
import Catalog
import ClipCoachCore
import ClipCoachKit
import Foundation

struct CycleSuggestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Suggest a strength and a growth clip of the lesson, and library clips, with reasons.",
        discussion: """
        Teacher clips come from the lesson's scores on the focus codes: the lesson sidecar \
        beside the lesson (clipcoach segment + annotate --segment N), sidecars the catalog \
        holds for the lesson, and any --sidecars given. Windows start on keyframes (copy \
        mode) and keep the cycle's length bounds. Library clips: scored on the focus codes, \
        best agreed score first, grade within one of the teacher's, not used with this \
        teacher before, not from their own lessons, shorter first, then lower clip id.
        """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: CycleOptions

    @Argument(help: "The cycle id.")
    var id: Int

    @Option(name: .long, help: ArgumentHelp("More sidecars of the lesson (files or folders).", valueName: "path"))
    var sidecars: [String] = []

    @Option(name: .long, help: "copy (windows on keyframes, as pick cuts them) or reencode (exact).")
    var mode: String = "copy"

    @Option(name: .long, help: "At most this many library clips.")
    var limit: Int = 3

    @Flag(help: "Also rank library clips not cleared as 'library' (marked; cycle pick still refuses them).")
    var all = false

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard CutJob.Mode(rawValue: mode) != nil else { throw ValidationError("--mode must be copy or reencode") }
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be between 1 and 100") }
    }

    func run() async throws {
        global.bootstrap()
        var suggest = CycleSuggest(store: try await options.store(), codebook: try options.codebook(), extraSidecars: sidecars,
                                   copyMode: mode == "copy", libraryLimit: limit)
        suggest.allStatuses = all
        let suggestions = try CycleCommandSupport.run { () throws(CycleWorkflowError) in try suggest.run(cycleID: id) }
        if json {
            try Output.json(suggestions)
            return
        }
        CycleText.suggestions(suggestions).forEach { Output.line($0) }
    }
}
