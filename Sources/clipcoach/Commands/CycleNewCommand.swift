import ArgumentParser
import Catalog
import ClipCoachCore
import ClipCoachKit
import Foundation

struct CycleNewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a coaching cycle for a teacher and a filmed lesson; prints the cycle id.",
        discussion: """
        One or two segment-level focus codes. Without --focus the cycle starts from the \
        next-focus codes of the teacher's latest cycle with an action plan; without --grade \
        it keeps that teacher's grade from their latest cycle. Teacher clips must be \
        --min-length to --max-length long (default 30s to 6m).
        """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: CycleOptions

    @Option(name: .long, help: "The teacher's name.")
    var teacher: String

    @Option(name: .long, help: ArgumentHelp("The filmed lesson.", valueName: "file"))
    var lesson: String

    @Option(name: .long, help: ArgumentHelp("A focus code (once or twice), e.g. richness.explanations.", valueName: "code"))
    var focus: [String] = []

    @Option(name: .long, help: ArgumentHelp("The teacher's grade: 4, K, Algebra I.", valueName: "g"))
    var grade: String?

    @Option(name: .customLong("min-length"), help: ArgumentHelp("Shortest teacher clip.", valueName: "length"))
    var minLength: String = "30s"

    @Option(name: .customLong("max-length"), help: ArgumentHelp("Longest teacher clip.", valueName: "length"))
    var maxLength: String = "6m"

    @Flag(help: "Print the new cycle as JSON instead of its id.")
    var json = false

    func run() async throws {
        global.bootstrap()
        let bounds = ClipLengthBounds(minimum: try CycleCommandSupport.length(minLength, option: "--min-length"),
                                      maximum: try CycleCommandSupport.length(maxLength, option: "--max-length"))
        let codebook = try options.codebook()
        // A refused first cycle leaves no empty catalog file behind.
        let newFile = options.sqliteFile.flatMap { FileManager.default.fileExists(atPath: $0) ? nil : $0 }
        let started: CycleStart.Started
        do {
            let store = try await options.store(mustExist: false)
            let start = CycleStart(store: store, codebook: codebook, teacher: teacher, lessonPath: lesson,
                                   focusCodes: focus, grade: grade, bounds: bounds)
            started = try CycleCommandSupport.run { () throws(CycleWorkflowError) in try start.run() }
        } catch {
            if let newFile { CatalogDatabase.removeFiles(at: newFile) }
            throw error
        }
        if json {
            try Output.json(started.cycle)
        } else {
            Output.line(String(started.cycle.id))
        }
        if let from = started.focusFrom {
            FileHandle.standardError.write(Data(
                "clipcoach: cycle \(started.cycle.id) starts from cycle \(from)'s next focus: \(started.cycle.focusCodes.joined(separator: ", "))\n".utf8))
        }
    }
}
