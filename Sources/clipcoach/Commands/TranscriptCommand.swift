import ArgumentParser
import ClipCoachCore
import ClipCoachKit
import Foundation
import TalkMoves

struct TranscriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcript",
        abstract: "Work with lesson transcripts.",
        subcommands: [TranscriptTagCommand.self]
    )
}

struct TranscriptTagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Tag every transcript line with its talk move (TalkMoves taxonomy).",
        discussion: """
        Reads WebVTT (<v Name> voices), SRT (Name: prefixes) or TSV / CSV with the columns \
        speaker and sentence (timestamp optional): one output item per cue or row, in order. \
        The teacher is --teacher, else the speaker written T or Teacher, else the most \
        frequent; everyone else is a student. Teacher moves: none, keeping-together, \
        getting-students-to-relate, restating, revoicing, pressing-for-accuracy, \
        pressing-for-reasoning. Student moves: none, relating-to-another-student, \
        asking-for-more-information, making-a-claim, providing-evidence.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The transcript file.")
    var file: String

    @Option(name: .long, help: "The speaker who is the teacher.")
    var teacher: String?

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        global.bootstrap()
        let tagged: TaggedTranscript
        do { tagged = try TaggedTranscript.read(path: file, teacher: teacher, lessonDuration: nil) } catch {
            throw MomentsCommandSupport.fail(error)
        }
        let summary = tagged.summary
        if json {
            try Output.json(summary)
            return
        }
        TextColumns.render(summary.lines.map { line in
            [line.start.map { Timecode.clock($0) } ?? "", line.speaker, line.role.rawValue, line.move, line.text]
        }).forEach { Output.line($0) }
    }
}
