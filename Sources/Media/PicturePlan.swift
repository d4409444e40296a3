import Foundation

/// Which pictures a thumbnail run decodes, split into contiguous parts of the
/// video, one per parallel job. Each part opens its own `MediaFile`: no C
/// handle is shared between tasks.
struct PicturePlan: Sendable {
    enum Part: Sendable, Equatable {
        /// The keyframes with time in [start, end); nil: unbounded.
        case keyframes(start: Double?, end: Double?)
        /// The picture at each mark, in order.
        case marks([Double])
    }

    let parts: [Part]
    /// Pictures expected (before duplicates are dropped), for progress.
    let total: Int

    /// More than this many pictures is a typo in --every, not a wish.
    static let maximumPictures = 100_000

    static func make(source: String, settings: ThumbnailSettings) throws(MediaError) -> PicturePlan {
        let file = try MediaFile(path: source)
        _ = try file.requireVideoStream()
        let keyframes = try file.keyframes().times
        switch settings.every {
        case .keyframes:
            guard !keyframes.isEmpty else { throw MediaError(.damaged, path: source, message: "the video has no keyframes") }
            return PicturePlan(parts: split(keyframes: keyframes, into: settings.jobs), total: keyframes.count)
        case .seconds(let step):
            let marks = try marks(every: step, info: file.info(), keyframes: keyframes, path: source)
            return PicturePlan(parts: split(marks, into: settings.jobs).map(Part.marks), total: marks.count)
        }
    }

    /// Contiguous keyframe ranges of about equal counts. The first starts at the
    /// beginning and the last runs to the end, so together they cover the whole
    /// video exactly once, whatever the index says.
    static func split(keyframes: [Double], into jobs: Int) -> [Part] {
        let count = min(max(jobs, 1), keyframes.count)
        return (0..<count).map { i in
            let low = i * keyframes.count / count, high = (i + 1) * keyframes.count / count
            return .keyframes(start: i == 0 ? nil : keyframes[low], end: i == count - 1 ? nil : keyframes[high])
        }
    }

    static func split(_ marks: [Double], into jobs: Int) -> [[Double]] {
        let count = min(max(jobs, 1), max(marks.count, 1))
        return (0..<count).map { i in Array(marks[(i * marks.count / count)..<((i + 1) * marks.count / count)]) }
    }

    /// Marks every `step` seconds from the start of the video to its end.
    static func marks(every step: Double, info: MediaInfo, keyframes: [Double], path: String) throws(MediaError) -> [Double] {
        let start = info.mainVideo?.startTime ?? info.startTime ?? keyframes.first ?? 0
        let end: Double
        if let duration = info.duration {
            end = (info.startTime ?? start) + duration
        } else if let duration = info.mainVideo?.duration {
            end = start + duration
        } else {
            end = (keyframes.last ?? start) + step / 2 // no length known: up to the last keyframe
        }
        let count = max(1, Int(((end - start) / step).rounded(.up)))
        guard count <= maximumPictures else {
            throw MediaError(.invalidArgument, path: path,
                             message: "every \(step) s would make \(count) pictures, more than \(maximumPictures)")
        }
        return (0..<count).map { k in ((start + Double(k) * step) * 1000).rounded() / 1000 }
    }

    /// Decodes every part (in parallel when there are several) into `stagingFolder`.
    func run(source: String, settings: ThumbnailSettings, stagingFolder: String,
             progress: PictureProgress) async throws(PictureJobError) -> [ThumbnailIndex.Entry] {
        // Parallel parts share the cores; one part lets FFmpeg use them with frame threads.
        let threads = settings.decoderThreads > 0 ? settings.decoderThreads : DecoderThreads.share(among: parts.count)
        let job = PartJob(source: source, settings: settings, threads: threads, stagingFolder: stagingFolder, progress: progress)
        if parts.count == 1, let only = parts.first { return Self.merge([try job.decode(only)]) }
        let parts = self.parts
        do {
            let results = try await withThrowingTaskGroup(of: (Int, [ThumbnailIndex.Entry]).self) { group in
                for (number, part) in parts.enumerated() {
                    group.addTask { (number, try job.decode(part)) }
                }
                var collected = Array(repeating: [ThumbnailIndex.Entry](), count: parts.count)
                for try await (number, entries) in group { collected[number] = entries }
                return collected
            }
            return Self.merge(results)
        } catch let error as PictureJobError {
            throw error
        } catch {
            throw .media(MediaError(.cancelled, path: source, message: "stopped: \(error)"))
        }
    }

    /// All parts' pictures in time order, one picture two parts both produced kept once.
    /// Sorted: decoders fed keyframes only may return them out of order (HEVC).
    static func merge(_ results: [[ThumbnailIndex.Entry]]) -> [ThumbnailIndex.Entry] {
        var seen = Set<String>()
        let unique = results.joined().filter { seen.insert($0.file).inserted }
        return unique.sorted { $0.time < $1.time }
    }
}

/// One part's decoding: its own file, reader and encoder.
private struct PartJob: Sendable {
    let source: String
    let settings: ThumbnailSettings
    let threads: Int
    let stagingFolder: String
    let progress: PictureProgress

    func decode(_ part: PicturePlan.Part) throws(PictureJobError) -> [ThumbnailIndex.Entry] {
        let file = try mediaStep { () throws(MediaError) in try MediaFile(path: source) }
        let reader = try mediaStep { () throws(MediaError) in
            try PictureReader(file: file, width: settings.width, threads: threads)
        }
        let encoder = try mediaStep { () throws(MediaError) in
            try PictureEncoder(format: settings.format, quality: settings.quality, path: source)
        }
        var entries: [ThumbnailIndex.Entry] = []
        switch part {
        case .keyframes(let start, let end):
            try mediaStep { () throws(MediaError) in try reader.beginKeyframes(from: start, to: end) }
            while let picture = try mediaStep({ () throws(MediaError) in try reader.nextKeyframe() }) {
                try stopIfCancelled()
                try keep(picture, requested: nil, encoder: encoder, into: &entries)
            }
        case .marks(let times):
            for time in times {
                try stopIfCancelled()
                let picture = try mediaStep { () throws(MediaError) in try reader.picture(at: time, exact: settings.exact) }
                if let picture { try keep(picture, requested: time, encoder: encoder, into: &entries) }
            }
        }
        return entries
    }

    private func keep(_ picture: Picture, requested: Double?, encoder: PictureEncoder,
                      into entries: inout [ThumbnailIndex.Entry]) throws(PictureJobError) {
        defer { progress.advance() }
        guard let time = picture.time ?? requested else { return } // a keyframe nothing can place in time
        let name = Thumbnailer.fileName(for: time, format: settings.format)
        if entries.contains(where: { $0.file == name }) { return } // two marks landed on one frame
        let data = try mediaStep { () throws(MediaError) in try encoder.encode(picture) }
        do {
            try PictureFiles.writeAtomically(data, to: stagingFolder + "/" + name)
        } catch {
            // Name the folder the user asked for, not the hidden staging folder.
            let folder = URL(fileURLWithPath: stagingFolder).deletingLastPathComponent().path
            throw .output(PictureOutputError(error.kind, path: folder, message: error.message))
        }
        entries.append(ThumbnailIndex.Entry(time: (time * 1_000_000).rounded() / 1_000_000, file: name,
                                            width: picture.width, height: picture.height, requested: requested))
    }

    private func stopIfCancelled() throws(PictureJobError) {
        if Task.isCancelled { throw .media(MediaError(.cancelled, path: source, message: "stopped")) }
    }
}

/// Counts finished pictures across tasks and reports (done, total).
final class PictureProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    let total: Int
    private let report: (@Sendable (Int, Int) -> Void)?

    init(total: Int, report: (@Sendable (Int, Int) -> Void)?) {
        self.total = total
        self.report = report
    }

    func advance() {
        guard let report else { return }
        let count = lock.withLock { done += 1; return done }
        report(count, total)
    }
}
