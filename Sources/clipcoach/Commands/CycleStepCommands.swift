import ArgumentParser
import Catalog
import ClipCoachCore
import ClipCoachKit
import Foundation

// The conversation steps: note, plan, close. Each is one catalog transaction that
// applies one cycle transition; a broken rule changes nothing.

struct CycleNoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Write the notes of one clip: describe, elevate, next steps.",
        discussion: """
        Clips 1 and 2 are the teacher clips, 3 the library clip. When all three have notes \
        the conversation counts as held. Notes can be rewritten until the cycle is closed.
        """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: CycleOptions

    @Argument(help: "The cycle id.")
    var id: Int

    @Option(name: .long, help: "The clip: 1, 2 (teacher) or 3 (library).")
    var clip: Int

    @Option(name: .long, help: "What happened, without judgment.")
    var describe: String?

    @Option(name: .long, help: "What an incrementally better version would look like on the focus codes.")
    var elevate: String?

    @Option(name: .long, help: "Next steps.")
    var next: String?

    @Flag(help: "Print the note as JSON.")
    var json = false

    func validate() throws {
        guard describe != nil || elevate != nil || next != nil else {
            throw ValidationError("give at least one of --describe, --elevate, --next (the others are kept)")
        }
    }

    func run() async throws {
        global.bootstrap()
        let store = try await options.store()
        let cycle = try CycleCommandSupport.run { () throws(CycleStoreError) in
            try store.update(id: id) { (cycle: inout CoachingCycle) throws(CycleError) in
                try cycle.writeNoteParts(clip: clip, describe: describe, elevate: elevate, nextSteps: next)
            }
        }
        guard let note = cycle.note(for: clip) else { return }
        try CycleText.reportNote(note, of: cycle, json: json)
    }
}

struct CyclePlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Set the action plan: goals and the focus codes of the next cycle.",
        discussion: "Needs the conversation held (notes on all three clips). Can be replaced until the cycle is closed."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: CycleOptions

    @Argument(help: "The cycle id.")
    var id: Int

    @Option(name: .long, help: "A goal (repeatable).")
    var goal: [String] = []

    @Option(name: .customLong("next-focus"), help: ArgumentHelp("A focus code for the next cycle (once or twice).", valueName: "code"))
    var nextFocus: [String] = []

    @Flag(help: "Print the cycle as JSON.")
    var json = false

    func run() async throws {
        global.bootstrap()
        let store = try await options.store()
        let codebook = try options.codebook()
        let plan = ActionPlan(goals: goal, nextFocusCodes: nextFocus)
        let cycle = try CycleCommandSupport.run { () throws(CycleStoreError) in
            try store.update(id: id) { (cycle: inout CoachingCycle) throws(CycleError) in
                try cycle.setPlan(plan, codebook: codebook)
            }
        }
        try CycleText.report(cycle, json: json)
    }
}

struct CycleCloseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close the cycle (needs an action plan). A closed cycle never changes."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: CycleOptions

    @Argument(help: "The cycle id.")
    var id: Int

    @Flag(help: "Print the cycle as JSON.")
    var json = false

    func run() async throws {
        global.bootstrap()
        let store = try await options.store()
        let cycle = try CycleCommandSupport.run { () throws(CycleStoreError) in
            try store.update(id: id) { (cycle: inout CoachingCycle) throws(CycleError) in try cycle.close() }
        }
        try CycleText.report(cycle, json: json)
    }
}
