import Foundation

/// How `Thumbnailer` picks and writes pictures.
public struct ThumbnailSettings: Sendable, Equatable {
    public enum Interval: Sendable, Equatable {
        /// Every keyframe, and only keyframes are decoded.
        case keyframes
        /// One picture per mark every so many seconds from the start of the video.
        case seconds(Double)
    }

    public var every: Interval
    /// With `.seconds`: the exact frame at each mark (true) or the keyframe before it (false, fast).
    public var exact: Bool
    /// Displayed width of each picture; the height keeps the display aspect (rounded to even).
    public var width: Int
    public var format: PictureFormat
    /// Parallel decoders, each over its own contiguous part of the video. Output is identical for any count.
    public var jobs: Int
    /// Replace thumbnails already in the output folder.
    public var replaceExisting: Bool
    /// JPEG quantiser, 2 (best) ... 31.
    public var quality: Int
    /// Decoder threads per part: 0 shares the cores among the parts (one part: FFmpeg
    /// chooses). A caller running several videos at once passes its own share, so the
    /// decoders do not oversubscribe the cores. Output is identical for any count.
    public var decoderThreads: Int

    public static let widthRange = 16...7680
    public static let jobsRange = 1...64

    public init(every: Interval = .keyframes, exact: Bool = true, width: Int = 320, format: PictureFormat = .jpg,
                jobs: Int = 1, replaceExisting: Bool = false, quality: Int = 3, decoderThreads: Int = 0) {
        self.every = every
        self.exact = exact
        self.width = width
        self.format = format
        self.jobs = jobs
        self.replaceExisting = replaceExisting
        self.quality = quality
        self.decoderThreads = decoderThreads
    }

    func validate(path: String) throws(MediaError) {
        func invalid(_ message: String) -> MediaError { MediaError(.invalidArgument, path: path, message: message) }
        guard Self.widthRange.contains(width) else {
            throw invalid("width \(width) is outside \(Self.widthRange.lowerBound)...\(Self.widthRange.upperBound)")
        }
        guard Self.jobsRange.contains(jobs) else { throw invalid("jobs \(jobs) is outside 1...64") }
        guard (2...31).contains(quality) else { throw invalid("quality \(quality) is outside 2...31") }
        guard (0...64).contains(decoderThreads) else { throw invalid("decoder threads \(decoderThreads) is outside 0...64") }
        if case .seconds(let seconds) = every, !(seconds.isFinite && seconds >= 0.001) {
            throw invalid("the interval must be a positive number of seconds")
        }
    }
}

/// What `thumbs` wrote, saved as `DIR/index.json`. Field names are stable.
public struct ThumbnailIndex: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        /// Presentation time of the picture, seconds.
        public let time: Double
        /// File name inside the folder: `t000123.456.jpg`.
        public let file: String
        public let width: Int
        public let height: Int
        /// The mark asked for (interval mode), absent for keyframes.
        public let requested: Double?
    }

    public let source: String
    /// "keyframes" or "interval".
    public let mode: String
    /// Seconds between marks (interval mode).
    public let interval: Double?
    /// Interval mode: exact frames (true) or the keyframe before each mark (false).
    public let exact: Bool?
    public let format: String
    public let width: Int
    public let count: Int
    public let thumbnails: [Entry]
}

/// Writes thumbnails of a video into a folder, named by time, with an index.
///
/// All or nothing: pictures are staged and moved into place when all are done,
/// `index.json` last; a failure leaves the folder as it was.
public struct Thumbnailer: Sendable {
    public static let indexFileName = "index.json"

    public let source: String
    public let outputFolder: String
    public let settings: ThumbnailSettings

    public init(source: String, outputFolder: String, settings: ThumbnailSettings) {
        self.source = source
        self.outputFolder = outputFolder
        self.settings = settings
    }

    /// `t000123.456.jpg`: seconds with 3 decimals, 6 integer digits.
    public static func fileName(for time: Double, format: PictureFormat) -> String {
        let milliseconds = Int64((time * 1000).rounded())
        let sign = milliseconds < 0 ? "-" : ""
        let magnitude = milliseconds.magnitude
        return "t" + sign + String(format: "%06llu.%03llu", magnitude / 1000, magnitude % 1000) + "." + format.fileExtension
    }

    /// Whether a file name looks like one of our thumbnails (any format).
    public static func isThumbnailName(_ name: String) -> Bool {
        guard name.hasPrefix("t"), let format = PictureFormat(fileName: name), format.fileExtension == (name as NSString).pathExtension
        else { return false }
        let stem = (name.dropFirst() as Substring).dropLast(format.fileExtension.count + 1)
        return stem.count >= 10 && Double(stem) != nil
    }

    /// Decodes and writes the thumbnails. `progress` is called after each picture
    /// (done, total), from whichever task made it.
    public func run(progress: (@Sendable (Int, Int) -> Void)? = nil) async throws(PictureJobError) -> ThumbnailIndex {
        try mediaStep { () throws(MediaError) in try settings.validate(path: source) }
        let plan = try mediaStep { () throws(MediaError) in try PicturePlan.make(source: source, settings: settings) }
        let staging = try outputStep { () throws(PictureOutputError) in
            try PictureStaging.prepare(folder: outputFolder, indexName: Self.indexFileName,
                                       replacing: settings.replaceExisting, isPictureName: Self.isThumbnailName)
        }
        do throws(PictureJobError) {
            let counter = PictureProgress(total: plan.total, report: progress)
            let entries = try await plan.run(source: source, settings: settings,
                                             stagingFolder: staging.staging, progress: counter)
            guard !entries.isEmpty else {
                throw PictureJobError.media(MediaError(.damaged, path: source, message: "no picture could be decoded"))
            }
            let index = makeIndex(entries)
            let data = try outputStep { () throws(PictureOutputError) in try Self.encodeIndex(index, path: outputFolder) }
            try outputStep { () throws(PictureOutputError) in
                try staging.commit(pictureNames: entries.map(\.file), index: data, indexName: Self.indexFileName,
                                   isPictureName: Self.isThumbnailName)
            }
            return index
        } catch {
            staging.abandon()
            throw error
        }
    }

    private func makeIndex(_ entries: [ThumbnailIndex.Entry]) -> ThumbnailIndex {
        var mode = "keyframes", interval: Double? = nil, exact: Bool? = nil
        if case .seconds(let seconds) = settings.every {
            mode = "interval"
            interval = seconds
            exact = settings.exact
        }
        return ThumbnailIndex(source: source, mode: mode, interval: interval, exact: exact,
                              format: settings.format.rawValue, width: settings.width,
                              count: entries.count, thumbnails: entries)
    }

    static func encodeIndex(_ index: ThumbnailIndex, path: String) throws(PictureOutputError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(index) + Data("\n".utf8) } catch {
            throw PictureOutputError(.writeFailed, path: path, message: "cannot encode the index: \(error)")
        }
    }
}
