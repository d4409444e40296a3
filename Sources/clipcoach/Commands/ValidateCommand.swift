import ArgumentParser
import ClipCoachCore
import Foundation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check sidecars and codebooks; one line per problem.",
        discussion: """
        Tells sidecars from codebooks by their "schema" field. A folder is searched for \
        .json files (hidden files skipped); there, JSON files that are neither are ignored. \
        Sidecars are checked against the codebook they name: the built-in MQI codebook, a \
        codebook among the PATHs, or --codebook FILE. Exit 0 when everything is valid, \
        else the worst problem's code (65 invalid, 66 missing or unreadable).
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Sidecars, codebooks, or folders of them.")
    var paths: [String]

    @Option(name: .long, help: ArgumentHelp("A codebook that sidecars may name (repeatable).", valueName: "file"))
    var codebook: [String] = []

    @Flag(help: "Print one JSON object per file: path, type, valid, problems.")
    var json = false

    func run() throws {
        global.bootstrap()
        var checker = FileValidator()
        for path in codebook { checker.addCodebook(path) }
        for path in paths { checker.collect(path) }
        let reports = checker.check()

        var worst = ExitStatus.ok
        for report in reports {
            for problem in report.problems {
                worst = max(worst, ExitStatus(problem.category))
                Output.problem(problem.remedy.map { "\(problem.text) (\(RemedyHint.text($0)))" } ?? problem.text)
            }
            if !json && report.problems.isEmpty { Output.line("\(report.path): ok (\(report.summary))") }
        }
        if json { try Output.json(reports) }
        if worst != .ok { throw worst.exitCode }
    }
}
