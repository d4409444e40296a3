import Failures
import Foundation

/// The poster chosen for a clip: its time, its JPEG, and how the candidates fared.
public struct PosterPick: Sendable, Equatable {
    public struct Candidate: Sendable, Equatable, Codable {
        public let time: Double
        public let luma: LumaStats
        /// Why it was passed over: "black", "blank" or "fade"; nil if it was fit.
        public let rejected: String?
        /// Squared histogram distance from the fit candidates' average (lower: more typical).
        public let distance: Double
    }

    /// Presentation time of the chosen frame, seconds on the source's timeline.
    public let time: Double
    /// The poster as a JPEG file's bytes.
    public let jpeg: Data
    public let width: Int
    public let height: Int
    public let luma: LumaStats
    public let candidates: [Candidate]
}

extension PosterPick {
    /// Writes the poster atomically to `path`, replacing any file there; a
    /// failure is a `writeFailed` media error naming the path.
    public func write(to path: String) throws(MediaError) {
        do { try PictureFiles.writeAtomically(jpeg, to: path, durable: true) } catch {
            throw MediaError(.writeFailed, path: path, message: error.message)
        }
    }
}

/// Posters: a representative frame of a clip, never a black, blank or fade frame
/// when the clip has anything better.
public enum Poster {
    public static let defaultWidth = 640
    /// Keyframes (or spread frames) considered at most.
    public static let candidateCount = 5

    /// Picks the poster for the clip [start, end) of the video at `path`;
    /// `end` may be `.infinity` for "to the end of the video".
    ///
    /// Candidates are the window's first keyframes (up to five, decoded alone:
    /// cheap); when fewer than three of them are fit (one long GOP, or a dark
    /// opening), frames spread evenly through the window are added. The fit
    /// candidate nearest the average histogram wins, as in ffmpeg's `thumbnail`.
    ///   - decoderThreads: 0 lets FFmpeg choose; a caller decoding several videos at once
    ///     passes its share of the cores. The pick is the same for any count.
    public static func choose(path: String, start: Double, end: Double,
                              width: Int = defaultWidth, decoderThreads: Int = 0) throws(MediaError) -> PosterPick {
        guard start.isFinite, !end.isNaN, end > start else {
            throw MediaError(.invalidArgument, path: path, message: "poster window \(start)...\(end) is empty")
        }
        guard ThumbnailSettings.widthRange.contains(width) else {
            throw MediaError(.invalidArgument, path: path, message: "poster width \(width) is out of range")
        }
        let file = try MediaFile(path: path)
        let allKeyframes = try file.keyframes().times
        // A window starting at or before the first keyframe (a clip's own 0) takes it in.
        let from = start <= (allKeyframes.first ?? start) ? -Double.infinity : start
        let keyframes = allKeyframes.filter { $0 >= from - 1e-6 && $0 < end - 1e-6 }
        let reader = try PictureReader(file: file, width: width, threads: max(0, decoderThreads))

        var pictures = try firstKeyframes(keyframes, before: end, reader: reader)
        let fit = PosterChoice.rejections(pictures.map { $0.lumaStats() }).filter { $0 == nil }.count
        if fit < 3 {
            let info = file.info()
            let videoEnd = info.duration.map { (info.startTime ?? 0) + $0 } ?? allKeyframes.last ?? start
            pictures += try spreadFrames(from: start, to: min(end, videoEnd), reader: reader)
        }
        let measured = pictures.map { PosterChoice.Measured(luma: $0.lumaStats(), counts: $0.lumaHistogram()) }
        guard let outcome = PosterChoice.choose(measured) else {
            throw MediaError(.damaged, path: path, message: "no picture could be decoded between \(start) s and \(end) s")
        }
        let chosen = pictures[outcome.index]
        let jpeg = try PictureEncoder(format: .jpg, path: path).encode(chosen)
        let candidates = pictures.indices.map { index in
            PosterPick.Candidate(time: pictures[index].time ?? start, luma: measured[index].luma,
                                 rejected: outcome.rejections[index], distance: outcome.distances[index])
        }
        return PosterPick(time: chosen.time ?? start, jpeg: jpeg, width: chosen.width, height: chosen.height,
                          luma: measured[outcome.index].luma, candidates: candidates)
    }

    /// Writes the poster atomically (a complete file or none). Refuses an
    /// existing file unless `replacing`.
    public static func write(_ pick: PosterPick, to path: String, replacing: Bool = true) throws(PictureOutputError) {
        if !replacing && PictureFiles.fileExists(path) {
            throw PictureOutputError(.exists, path: path, message: "already exists", remedy: .overwrite)
        }
        try PictureFiles.writeAtomically(pick.jpeg, to: path, durable: true)
    }

    /// The window's first keyframes, each decoded on its own (`end` may be infinite).
    private static func firstKeyframes(_ keyframes: [Double], before end: Double,
                                       reader: PictureReader) throws(MediaError) -> [Picture] {
        guard let first = keyframes.first else { return [] }
        let wanted = min(keyframes.count, candidateCount)
        let stop = keyframes.count > wanted ? keyframes[wanted] : end
        try reader.beginKeyframes(from: first, to: stop)
        var pictures: [Picture] = []
        while pictures.count < wanted, let picture = try reader.nextKeyframe() { pictures.append(picture) }
        return pictures
    }

    /// Exact frames at the middles of equal slices of the window.
    private static func spreadFrames(from start: Double, to end: Double,
                                     reader: PictureReader) throws(MediaError) -> [Picture] {
        guard end > start else { return [] }
        var pictures: [Picture] = []
        for slice in 0..<candidateCount {
            let time = start + (end - start) * (Double(slice) + 0.5) / Double(candidateCount)
            if let picture = try reader.picture(at: time, exact: true), picture.time != pictures.last?.time {
                pictures.append(picture)
            }
        }
        return pictures
    }
}
