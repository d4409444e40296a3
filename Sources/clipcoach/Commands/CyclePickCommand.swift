import ArgumentParser
import Catalog
import ClipCoachCore
import ClipCoachKit
import Foundation

struct CyclePickCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pick",
        abstract: "Choose the two teacher clips and the library clip; cuts the teacher clips.",
        discussion: """
        Exactly two --teacher-clip START-END windows of the cycle's lesson (not overlapping, \
        within the cycle's length bounds) and one --library-clip, a catalog clip id from \
        `library search` that does not show this teacher. The rules are checked before \
        anything is cut. Clips are cut like `clipcoach cut` (copy: start on the keyframe at \
        or before START), into --out or <catalog>.cycles/cycle-ID/. Clips may be picked again \
        until the first note is written.
        """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: CycleOptions

    @Argument(help: "The cycle id.")
    var id: Int

    @Option(name: .customLong("teacher-clip"), help: ArgumentHelp("A window of the lesson, START-END[=LABEL] (twice).", valueName: "start-end"))
    var teacherClip: [String] = []

    @Option(name: .customLong("library-clip"), help: ArgumentHelp("A catalog clip id (once).", valueName: "clip-id"))
    var libraryClip: [String] = []

    @Option(name: .long, help: ArgumentHelp("Folder for the teacher clips (created if missing).", valueName: "dir"))
    var out: String?

    @Option(name: .long, help: "copy (lossless, keyframe start), reencode (frame-accurate) or smart (frame-accurate, lossless after the first keyframe).")
    var mode: String = "copy"

    @Flag(name: .long, help: "Overwrite clip files already in the folder.")
    var force = false

    @Flag(help: "Print the cycle as JSON.")
    var json = false

    func validate() throws {
        guard CutJob.Mode(rawValue: mode) != nil else { throw ValidationError("--mode must be copy, reencode or smart") }
    }

    func run() async throws {
        global.bootstrap()
        var windows: [ClipWindow] = []
        var labels: [String?] = []
        for text in teacherClip {
            let spec: ClipSpec
            do { spec = try ClipSpec.parse(text) } catch { throw ValidationError("--teacher-clip: \(error.description)") }
            guard let end = spec.end else { throw ValidationError("--teacher-clip '\(text)' needs an END") }
            windows.append(ClipWindow(start: spec.start, end: end))
            labels.append(spec.label)
        }
        let store = try await options.store()
        var pick = CyclePick(store: store, codebook: try options.codebook(), cycleID: id, teacherClips: windows,
                             libraryClipIDs: libraryClip, outputFolder: out.map { URL(fileURLWithPath: $0) },
                             mode: CutJob.Mode(rawValue: mode) ?? .copy, force: force)
        pick.labels = labels
        let bar = ProgressBar("cutting the teacher clips")
        let cycle: CoachingCycle
        do {
            cycle = try pick.run { fraction in bar.update(fraction) }
            bar.finish()
        } catch {
            bar.finish()
            throw CycleCommandSupport.fail(error)
        }
        if json {
            try Output.json(cycle)
        } else {
            CycleText.show(cycle).forEach { Output.line($0) }
        }
    }
}
