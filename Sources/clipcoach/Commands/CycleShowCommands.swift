import ArgumentParser
import Catalog
import ClipCoachCore
import ClipCoachKit
import Foundation

struct CycleShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Everything about one cycle: lesson, focus, clips, notes, plan, state."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: CycleOptions

    @Argument(help: "The cycle id.")
    var id: Int

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        global.bootstrap()
        let store = try await options.store()
        let cycle = try CycleCommandSupport.run { () throws(CycleStoreError) in try store.cycle(id: id) }
        try CycleText.report(cycle, json: json)
    }
}

struct CycleListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The cycles in the catalog, oldest first, optionally of one teacher."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: CycleOptions

    @Option(name: .long, help: "Only this teacher's cycles (case does not matter).")
    var teacher: String?

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        global.bootstrap()
        let store = try await options.store()
        let cycles = try CycleCommandSupport.run { () throws(CycleStoreError) in try store.cycles(teacher: teacher) }
        if json {
            try Output.json(cycles)
            return
        }
        guard !cycles.isEmpty else {
            Output.line(teacher.map { "no cycles for \($0)" } ?? "no cycles")
            return
        }
        var rows = [["ID", "TEACHER", "GRADE", "STATE", "FOCUS", "NEXT FOCUS", "LESSON", "UPDATED"]]
        for cycle in cycles {
            rows.append([String(cycle.id), cycle.teacher, cycle.grade ?? "-", cycle.state.label,
                         cycle.focusCodes.joined(separator: ", "),
                         cycle.plan?.nextFocusCodes.joined(separator: ", ") ?? "-",
                         URL(fileURLWithPath: cycle.lesson.path).lastPathComponent, String(cycle.updatedAt.prefix(16))])
        }
        TextColumns.render(rows).forEach { Output.line($0) }
    }
}

struct CycleExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the cycle packet: the three clips, index.html and cycle.json, in one folder.",
        discussion: """
        index.html plays the clips with relative paths and needs no server and no network: \
        open it from the file system. The folder is written whole or not at all; an existing \
        one is replaced only with --force.
        """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: CycleOptions

    @Argument(help: "The cycle id.")
    var id: Int

    @Option(name: .long, help: ArgumentHelp("The packet folder to create.", valueName: "dir"))
    var out: String

    @Flag(name: .long, help: "Replace the folder if it exists.")
    var force = false

    @Flag(help: "Print cycle.json's content.")
    var json = false

    func run() async throws {
        global.bootstrap()
        let store = try await options.store()
        let codebook = try options.codebook()
        let cycle = try CycleCommandSupport.run { () throws(CycleStoreError) in try store.cycle(id: id) }
        let export = CyclePacketExport(cycle: cycle, codebook: codebook, outputFolder: URL(fileURLWithPath: out), force: force)
        let result = try CycleCommandSupport.run { () throws(CycleWorkflowError) in try export.run() }
        result.warnings.forEach { Output.warning($0) }
        if json {
            try Output.json(result.document)
        } else {
            Output.line(result.page.path)
        }
    }
}
