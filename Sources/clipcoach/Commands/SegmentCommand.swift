import ArgumentParser
import ClipCoachCore
import ClipCoachKit
import Foundation
import Media

struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Write a lesson sidecar dividing a lesson into MQI scoring segments.",
        discussion: """
        Segments are exactly --length long from the start (default 7.5 minutes, so a \
        45-minute lesson gives 6). What is left after the last full segment is a final, \
        shorter segment, unless it is under 1 s: then it joins the previous segment. \
        Raters score segment codes with `clipcoach annotate LESSON.json --segment N`, and \
        whole-lesson codes without --segment.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The filmed lesson.")
    var lesson: String

    @Option(name: .long, help: "Segment length: 7.5m, 450s, 5m, 07:30...")
    var length: String = "7.5m"

    @Option(name: .long, help: "The lesson sidecar to write (default: the lesson's name with .json).")
    var out: String?

    @Flag(name: .long, help: "Replace an existing lesson sidecar (its annotations are lost).")
    var force = false

    @Flag(help: "Print the written sidecar as JSON.")
    var json = false

    func run() throws {
        global.bootstrap()
        let outPath = out ?? URL(fileURLWithPath: lesson).deletingPathExtension().appendingPathExtension("json").relativePath
        do {
            let segmentLength: Double
            do { segmentLength = try Timecode.parseDuration(length) } catch {
                throw CommandFailure(status: .usage, message: "--length: \(error)")
            }
            guard URL(fileURLWithPath: outPath).standardizedFileURL != URL(fileURLWithPath: lesson).standardizedFileURL else {
                throw CommandFailure(status: .usage, message: "--out \(outPath): is the lesson itself")
            }
            let duration = try Self.duration(of: lesson)
            let outURL = URL(fileURLWithPath: outPath)
            let sidecar = try LessonSidecarBuilder.make(lesson: lesson, sidecar: outURL, duration: duration, segmentLength: segmentLength)
            let segments = sidecar.segments ?? []

            if force, let old = try? SidecarStore.read(outURL), !old.annotations.isEmpty {
                Output.warning("\(outPath): replacing a lesson sidecar that held \(old.annotations.count) annotations")
            }
            try SidecarStore.create(sidecar, at: outURL, overwrite: force)
            let written = try SidecarStore.read(outURL)
            if json {
                try Output.json(written)
            } else {
                Output.line("\(outPath): \(segments.count) segment\(segments.count == 1 ? "" : "s") of \(Timecode.format(segmentLength)) over \(Timecode.format(duration))")
                TextColumns.render(segments.map { segment in
                    ["\(segment.number)", "\(Timecode.format(segment.start)) - \(Timecode.format(segment.end))",
                     "(\(Timecode.format(segment.end - segment.start)))"]
                }, indent: "  ").forEach { Output.line($0) }
            }
        } catch {
            throw SidecarCommand.fail(error)
        }
    }

    /// The lesson's duration as probe reports it (container duration).
    static func duration(of path: String) throws -> Double {
        let info = try MediaFile(path: path).info()
        guard let duration = info.duration, duration > 0 else {
            throw CommandFailure(status: .badData, message: "\(path): the file does not say how long it is")
        }
        return Timecode.rounded(duration)
    }
}
