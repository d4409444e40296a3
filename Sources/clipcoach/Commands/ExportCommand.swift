import ArgumentParser
import ClipCoachCore
import Foundation
import Interchange

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write clips and annotations in an interchange format (WebVTT, OTIO, ELAN, Web Annotation, CSV).",
        discussion: """
        FORMAT: webvtt-chapters (a cue per clip, or per scoring segment of a lesson), \
        webvtt-metadata (a cue per annotation and per evidence moment, JSON text), otio \
        (a timeline of the clips, annotations as markers), eaf (ELAN 3.0), webanno (W3C Web \
        Annotation, JSON-LD), csv-clips (cut list start,end,label for `clipcoach cut --clips`), \
        csv-annotations (a row per annotation).

        SOURCEs are clip sidecars (from `clipcoach cut`) and lesson sidecars (from `clipcoach \
        segment`). WebVTT tracks and cut lists describe one video: one clip alone is shown on its \
        own timeline, anything else on its lesson's (all sources must come from one lesson). ELAN \
        takes one sidecar. OTIO needs the lesson's frame rate: from --rate, else probed from the \
        lesson video. Times are exact to the millisecond (frames in OTIO). The file is written \
        whole or not at all; an existing --out is replaced only with --force. See docs/interchange.md.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The format to write.", valueName: "format"))
    var format: ExportFormat

    @Argument(help: ArgumentHelp("Clip or lesson sidecars.", valueName: "source"))
    var sources: [String]

    @Option(name: .long, help: ArgumentHelp("The file to write.", valueName: "file"))
    var out: String

    @Flag(name: .long, help: "Replace --out if it exists.")
    var force = false

    @Option(name: .long, help: ArgumentHelp("otio: the lesson's frame rate (25, 29.97, 30000/1001) instead of probing the lesson.",
                                            valueName: "fps"))
    var rate: String?

    @OptionGroup var codebookOptions: CodebookOptions

    @Flag(help: "Print what was written as JSON.")
    var json = false

    func validate() throws {
        if sources.isEmpty { throw ValidationError("give at least one sidecar to export") }
        if let rate, FrameRate(text: rate) == nil {
            throw ValidationError("--rate '\(rate)' is not a frame rate (25, 29.97, 30000/1001)")
        }
    }

    func run() throws {
        global.bootstrap()
        do {
            let output = URL(fileURLWithPath: out)
            let sourceList: [any ExportSource] = sources.map { SidecarFileSource(path: $0) }
            var loaded: [LoadedSidecar] = []
            for source in sourceList { loaded += try source.load() }
            // --force must never turn an export into the loss of a sidecar or a video.
            let target = output.standardizedFileURL
            if let clash = loaded.first(where: { $0.url.standardizedFileURL == target }) {
                throw InterchangeError(.usage, path: out, message: "is the sidecar \(clash.path) itself; choose another --out")
            }
            if let clash = loaded.first(where: { $0.lessonVideo == target || $0.ownVideo == target }) {
                throw InterchangeError(.usage, path: out, message: "is a video of \(clash.path); choose another --out")
            }
            if format == .otio { try FrameRateLookup.fill(&loaded, override: rate.flatMap(FrameRate.init(text:))) }
            let codebook = try Exporter.codebook(for: loaded, preferred: InterchangeCommand.codebook(codebookOptions))
            let result = try Exporter.render(format, sources: loaded, codebook: codebook, output: output)
            try OutputFile.write(Data(result.text.utf8), to: out, force: force)
            for warning in result.warnings { Output.warning("\(out): \(warning)") }
            let report = ExportReport(path: out, format: format.rawValue, sources: loaded.map(\.path), parts: result.parts,
                                      annotations: result.annotations, summary: result.summary(format), warnings: result.warnings)
            if json { try Output.json(report) } else { Output.line(report.text) }
        } catch {
            throw InterchangeCommand.fail(error)
        }
    }
}

/// `export --json`: what was written.
struct ExportReport: Encodable {
    let path: String
    let format: String
    let sources: [String]
    /// Clips or segments written (chapters, OTIO clips, cut list rows).
    let parts: Int
    let annotations: Int
    /// `3 clips, 8 markers`.
    let summary: String
    let warnings: [String]

    var text: String {
        "\(path): \(format), \(summary) from \(sources.count) sidecar\(sources.count == 1 ? "" : "s")"
    }
}
