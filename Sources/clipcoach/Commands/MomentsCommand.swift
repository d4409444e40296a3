import ArgumentParser
import ClipCoachCore
import ClipCoachKit
import Foundation
import Moments
import TalkMoves

struct MomentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moments",
        abstract: "Find candidate moments of a lesson from its talk: who talks, pauses, talk moves.",
        discussion: """
        Reads the lesson's audio (speech vs silence every 20 ms against an adaptive noise \
        floor; teacher vs students by voice, the dominant voice being the teacher's), the \
        pauses of --min-pause or more (wait time), the talk shares of each 7.5-minute scoring \
        segment, and with --transcript the talk move of every line (its speaker labels also \
        settle who talks). Candidate windows of 60-120 s start on keyframes (copy cuts) and \
        are ranked for each focus code with the weights of the moments map (a JSON file; \
        replace it with --moments-map). The result is stored in the lesson sidecar under \
        `moments`; `cycle suggest` uses it when the lesson has no scores. A lesson without \
        audio exits 69 unless a transcript with times is given.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The filmed lesson.")
    var lesson: String

    @Option(name: .long, help: ArgumentHelp("A transcript: WebVTT, SRT, TSV or CSV (speaker, sentence, timestamp).", valueName: "file"))
    var transcript: String?

    @Option(name: .long, help: "The transcript speaker who is the teacher (default: T / Teacher, else the most frequent).")
    var teacher: String?

    @Option(name: .long, help: "The lesson sidecar to store the moments in (default: the lesson's name with .json).")
    var out: String?

    @Flag(name: .long, help: "Do not store anything; only print.")
    var noStore = false

    @Option(name: .long, help: ArgumentHelp("Shortest pause reported, in seconds.", valueName: "seconds"))
    var minPause: Double = 2

    @Option(name: .long, help: ArgumentHelp("Candidate window length, 60 to 120 s.", valueName: "seconds"))
    var length: Double = 90

    @Option(name: .long, help: ArgumentHelp("Rank for these codes only (repeatable; default: every code the map names).", valueName: "code"))
    var code: [String] = []

    @Option(name: .customLong("moments-map"), help: ArgumentHelp("A moments map JSON file replacing the built-in one.", valueName: "file"))
    var momentsMap: String?

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard minPause > 0, minPause <= 60 else { throw ValidationError("--min-pause must be between 0 and 60 seconds") }
        guard (60...120).contains(length) else { throw ValidationError("--length must be between 60 and 120 seconds") }
    }

    func run() throws {
        global.bootstrap()
        let job = LessonMoments(lesson: lesson, transcript: transcript, teacher: teacher, minPause: minPause,
                                mapPath: momentsMap, codes: code, length: length)
        let report: LessonMomentsReport
        do { report = try job.run() } catch {
            throw MomentsCommandSupport.fail(error)
        }
        if let note = report.note { Output.warning(note) }
        let sidecarPath = out ?? URL(fileURLWithPath: lesson).deletingPathExtension().appendingPathExtension("json").relativePath
        if !noStore {
            do { try LessonMomentsStore.save(report, lesson: lesson, sidecar: URL(fileURLWithPath: sidecarPath)) } catch {
                throw SidecarCommand.fail(error)
            }
        }
        if json {
            try Output.json(report)
            return
        }
        MomentsText.lines(report, stored: noStore ? nil : sidecarPath).forEach { Output.line($0) }
    }
}

enum MomentsCommandSupport {
    static func fail(_ error: LessonMomentsError) -> ExitCode {
        Output.problem(error.description)
        let status: ExitStatus = switch error {
        case .media(let media): ExitStatus(media)
        case .noAudio: .unavailable
        case .transcript(let path, _): FileManager.default.isReadableFile(atPath: path) ? .badData : .noInput
        case .map: .badData
        case .model: .software
        }
        return status.exitCode
    }
}

/// The plain-text report: shares, pauses, moments with reasons.
enum MomentsText {
    static func lines(_ report: LessonMomentsReport, stored: String?) -> [String] {
        var out: [String] = []
        if report.audio {
            let teacher = report.talk.filter { $0.speaker == .teacher }.reduce(0) { $0 + $1.end - $1.start }
            let students = report.talk.filter { $0.speaker != .teacher }.reduce(0) { $0 + $1.end - $1.start }
            out.append("talk over \(Timecode.clock(report.duration)): teacher \(Timecode.clock(teacher)), students \(Timecode.clock(students)), \(report.pauses.count) pause\(report.pauses.count == 1 ? "" : "s") of \(format(report.minPause)) s or more (speakers from the \(report.attribution))")
            for share in report.shares {
                out.append("  segment \(share.segment ?? 0) \(Timecode.clock(share.start)) - \(Timecode.clock(share.end)): students \(Int((share.studentShare * 100).rounded()))% of the talk, silence \(Timecode.clock(share.silence))")
            }
        }
        if let transcript = report.transcript {
            let moves = transcript.lines.filter { $0.move != "none" }.count
            out.append("transcript \(transcript.file): \(transcript.lines.count) lines, \(moves) with a talk move")
        }
        var code = ""
        for moment in report.moments {
            if moment.code != code {
                code = moment.code
                out.append(code)
            }
            out.append("  \(moment.rank). " + moment.reasons.joined(separator: "; "))
        }
        if report.moments.isEmpty { out.append("no candidate moments (no talk found)") }
        if let stored { out.append("stored in \(stored)") }
        return out
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
