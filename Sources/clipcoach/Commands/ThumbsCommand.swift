import ArgumentParser
import ClipCoachCore
import Foundation
import Media

struct ThumbsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thumbs",
        abstract: "Write thumbnails of a lesson into a folder, named by time, with index.json.",
        discussion: """
        By default every keyframe gets a thumbnail and only keyframes are decoded (fast). \
        --every 10 takes the exact frame at each 10-second mark from the start of the video \
        (--fast: the keyframe before each mark). Files are named by the picture's time, \
        t000123.456.jpg; index.json lists time, file, width and height of each. Pictures are \
        upright (rotation applied) at the display aspect ratio.

        All or nothing: thumbnails appear only when every one is done, index.json last. A \
        folder that already holds thumbnails or an index is refused (exit 73) unless --force, \
        which replaces them and removes older thumbnails the new index does not list. The \
        folder is made if its parent exists. --jobs N decodes N parts of the lesson in \
        parallel; the files are identical for any N.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The filmed lesson.")
    var lesson: String

    @Option(name: .long, help: "Folder for the thumbnails and index.json.")
    var out: String

    @Option(name: .long, help: "keyframe, or an interval such as 10, 90s, 1:30.")
    var every: String = "keyframe"

    @Flag(name: .long, help: "With an interval: the keyframe before each mark instead of the exact frame.")
    var fast = false

    @Option(name: .long, help: "Thumbnail width in pixels (16...7680); the height keeps the display aspect.")
    var width: Int = 320

    @Option(name: .long, help: "jpg or png.")
    var format: String = "jpg"

    @Option(name: .long, help: "Parallel decoders (1...64), each over its own part of the lesson.")
    var jobs: Int = 1

    @Flag(name: .long, help: "Replace thumbnails already in the folder.")
    var force = false

    @Flag(help: "Print the index as JSON, with the folder.")
    var json = false

    func validate() throws {
        guard ThumbnailSettings.widthRange.contains(width) else {
            throw ValidationError("--width must be between \(ThumbnailSettings.widthRange.lowerBound) and \(ThumbnailSettings.widthRange.upperBound)")
        }
        guard ThumbnailSettings.jobsRange.contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64") }
        guard PictureFormat(rawValue: format) != nil else { throw ValidationError("--format must be jpg or png") }
        _ = try interval()
        if fast, case .keyframes = try interval() { throw ValidationError("--fast applies to --every SECONDS only") }
    }

    func interval() throws -> ThumbnailSettings.Interval {
        if ["keyframe", "keyframes", "key"].contains(every.lowercased()) { return .keyframes }
        do {
            let seconds = try Timecode.parseDuration(every)
            guard seconds > 0 else { throw ValidationError("--every must be keyframe or a positive interval") }
            return .seconds(seconds)
        } catch let error as Timecode.ParseError {
            throw ValidationError("--every: \(error.description)")
        }
    }

    func run() async throws {
        global.bootstrap()
        let settings = ThumbnailSettings(every: try interval(), exact: !fast, width: width,
                                         format: PictureFormat(rawValue: format) ?? .jpg, jobs: jobs, replaceExisting: force)
        let bar = SharedProgressBar("thumbs")
        let started = Date()
        let index: ThumbnailIndex
        do {
            index = try await Thumbnailer(source: lesson, outputFolder: out, settings: settings)
                .run { done, total in bar.update(done: done, total: total) }
        } catch {
            bar.finish()
            throw exitForPictureJob(error)
        }
        bar.finish()
        if json {
            try Output.json(ThumbsReport(folder: out, index: index))
        } else {
            let size = index.thumbnails.first.map { "\($0.width)x\($0.height) " } ?? ""
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            Output.line("\(lesson): \(index.count) thumbnails (\(size)\(index.format)) in \(out) (\(seconds) s)")
        }
    }
}

/// `thumbs --json`: index.json's fields plus the folder.
struct ThumbsReport: Encodable {
    let folder: String
    let index: ThumbnailIndex

    enum Keys: String, CodingKey { case folder }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(folder, forKey: .folder)
        try index.encode(to: encoder)
    }
}
