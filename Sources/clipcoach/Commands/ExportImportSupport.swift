import ArgumentParser
import ClipCoachCore
import Foundation
import Interchange
import Media

// Shared by `clipcoach export` and `clipcoach import`.

extension ExportFormat: ExpressibleByArgument {}
extension ImportFormat: ExpressibleByArgument {}
extension ExistingAnnotationPolicy: ExpressibleByArgument {}

enum InterchangeCommand {
    /// Prints the error's one line on stderr and returns the exit code to throw.
    static func fail(_ error: any Error) -> ExitCode { reportFailure(error) }

    /// `--codebook FILE` if given (nil: the built-in codebook the sidecars name).
    static func codebook(_ options: CodebookOptions) throws(InterchangeError) -> Codebook? {
        guard let path = options.codebook else { return nil }
        do throws(CodebookError) { return try Codebook.load(path: path) } catch { throw InterchangeError(error) }
    }
}

/// OTIO counts time in frames: the rate comes from `--rate`, else from the sidecar (a
/// `source.frameRate` field), else from probing the lesson video. Probing lives here, in the
/// CLI, so the Interchange module needs no FFmpeg.
enum FrameRateLookup {
    static func fill(_ sources: inout [LoadedSidecar], override: FrameRate?) throws(InterchangeError) {
        var probed: [String: FrameRate] = [:]
        for index in sources.indices {
            if let override { sources[index].frameRate = override; continue }
            if sources[index].frameRate != nil { continue }
            let lesson = sources[index].lessonVideo.path
            if let known = probed[lesson] { sources[index].frameRate = known; continue }
            let rate = try probe(lesson, for: sources[index].path)
            probed[lesson] = rate
            sources[index].frameRate = rate
        }
    }

    private static func probe(_ lesson: String, for sidecar: String) throws(InterchangeError) -> FrameRate {
        let info: MediaInfo
        do throws(MediaError) { info = try MediaFile(path: lesson).info() } catch {
            throw InterchangeError(.noInput, path: sidecar,
                                   message: "cannot probe its lesson \(lesson) for the frame rate (\(error.message)); pass --rate")
        }
        guard let video = info.mainVideo else {
            throw InterchangeError(.unavailable, path: sidecar, message: "its lesson \(lesson) has no video stream; pass --rate")
        }
        // The nominal rate is the stream's time grid (25 for a variable-rate phone video that
        // averages 14.8); the average is the fallback when a container gives no nominal rate.
        guard let rate = [video.nominalFrameRate, video.averageFrameRate].compactMap({ $0 }).compactMap(FrameRate.init(approximating:)).first else {
            throw InterchangeError(.unavailable, path: sidecar, message: "its lesson \(lesson) does not say its frame rate; pass --rate")
        }
        return rate
    }
}
