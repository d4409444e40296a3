import ArgumentParser
import ClipCoachCore
import ClipCoachKit
import Foundation
import Media

struct CutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cut",
        abstract: "Cut timestamped clips from a filmed lesson, each with a poster and a sidecar.",
        discussion: """
        Times: HH:MM:SS.mmm, H:MM:SS, MM:SS or plain seconds, on the lesson's timeline \
        (0 = its first frame). A clip that ends after the lesson is clamped to the end, \
        with a warning; one that starts at or after the end is an error.

        copy (default) is lossless and starts each clip at the last keyframe at or before \
        START; all clips are cut in one read of the lesson. reencode is frame-accurate and \
        writes web-ready H.264 + AAC MP4. smart is frame-accurate and lossless after the \
        first keyframe: only the frames before it are re-encoded, with the lesson's own codec \
        (H.264 and HEVC; other codecs are re-encoded, with a warning).
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The filmed lesson.")
    var lesson: String

    @Option(name: .long, help: "A clip as START-END[=LABEL] (repeatable). An empty END means the end of the lesson.")
    var clip: [String] = []

    @Option(name: .long, help: "A CSV cut list: start,end,label in seconds (LosslessCut's format).")
    var clips: String?

    @Option(name: .long, help: "Folder for the clips (made, with its parents, if missing).")
    var out: String

    @Option(name: .long, help: "copy (lossless, keyframe start), reencode (frame-accurate H.264 + AAC) or smart (frame-accurate, lossless after the first keyframe).")
    var mode: String = "copy"

    @Option(name: .long, help: "mp4, mkv or same (as the lesson). reencode always writes mp4.")
    var container: String = "mp4"

    @Option(name: .long, help: "reencode: output height in pixels.")
    var height: Int?

    @Option(name: .long, help: "reencode: x264 quality (lower is better).")
    var crf: Int = 23

    @Option(name: .long, help: "reencode: x264 preset.")
    var preset: String = "veryfast"

    @Flag(name: .long, help: "Keep data tracks (timecode, GPS) when copying.")
    var keepData = false

    @Flag(name: .long, help: "Keep location (GPS) metadata; stripped by default for privacy.")
    var keepLocation = false

    @Flag(name: .long, help: "Do not write poster images.")
    var noPoster = false

    @Flag(name: .long, help: "Overwrite existing clips, posters and sidecars.")
    var force = false

    @Flag(help: "Print one JSON result per clip.")
    var json = false

    func validate() throws {
        guard CutJob.Mode(rawValue: mode) != nil else { throw ValidationError("--mode must be copy, reencode or smart") }
        guard CutJob.Container(rawValue: container) != nil else { throw ValidationError("--container must be mp4, mkv or same") }
        if let height, height < 16 || height > 8192 { throw ValidationError("--height must be between 16 and 8192") }
        guard (0...51).contains(crf) else { throw ValidationError("--crf must be between 0 and 51") }
        guard !clip.isEmpty || clips != nil else { throw ValidationError("give at least one --clip START-END or --clips LIST.csv") }
    }

    func run() throws {
        global.bootstrap()
        let specs = try readSpecs()
        var job = CutJob(lessonPath: lesson, specs: specs, outputFolder: URL(fileURLWithPath: out))
        job.mode = CutJob.Mode(rawValue: mode) ?? .copy
        job.container = CutJob.Container(rawValue: container) ?? .mp4
        job.force = force
        job.posterWidth = noPoster ? nil : 640
        job.options.keepData = keepData
        job.options.keepLocation = keepLocation
        job.options.height = height
        job.options.crf = crf
        job.options.preset = preset

        let bar = ProgressBar("cutting \(specs.count) clip\(specs.count == 1 ? "" : "s")")
        let results: [CutResult]
        do {
            results = try job.run { fraction in bar.update(fraction) }
            bar.finish()
        } catch {
            bar.finish()
            Output.problem(error.description)
            throw ExitStatus(error).exitCode
        }
        for result in results { result.sidecar.clip?.warnings.forEach { Output.warning("\(result.files.clip.lastPathComponent): \($0)") } }
        if json {
            try Output.json(results.map(CutReport.init))
        } else {
            for result in results { Output.line(CutReport(result).text) }
        }
    }

    private func readSpecs() throws -> [ClipSpec] {
        do {
            var specs = try clip.map { text throws(ClipSpec.ParseError) in try ClipSpec.parse(text) }
            if let clips {
                guard let data = FileManager.default.contents(atPath: clips) else {
                    Output.problem("\(clips): cannot read the cut list")
                    throw ExitStatus.noInput.exitCode
                }
                specs += try ClipSpec.parseCSV(String(decoding: data, as: UTF8.self), name: clips)
            }
            return specs
        } catch let error as ClipSpec.ParseError {
            throw ValidationError(error.description)
        }
    }
}

/// One clip in the cut command's output.
struct CutReport: Encodable {
    let label: String
    let clip: String
    let poster: String?
    let sidecar: String
    let requestedStart: Double
    let requestedEnd: Double
    let actualStart: Double
    let actualEnd: Double
    let duration: Double
    let mode: String
    let warnings: [String]

    init(_ result: CutResult) {
        let info = result.sidecar.clip
        label = info?.label ?? ""
        clip = result.files.clip.path
        poster = result.posterWritten ? result.files.poster?.path : nil
        sidecar = result.files.sidecar.path
        requestedStart = info?.requestedStart ?? 0
        requestedEnd = info?.requestedEnd ?? 0
        actualStart = info?.actualStart ?? 0
        actualEnd = info?.actualEnd ?? 0
        duration = info?.duration ?? 0
        mode = info?.mode.rawValue ?? ""
        warnings = info?.warnings ?? []
    }

    var text: String {
        "\(clip)  \(Timecode.format(actualStart))-\(Timecode.format(actualEnd)) (asked \(Timecode.format(requestedStart))-\(Timecode.format(requestedEnd)))  \(label)"
    }
}

