import ArgumentParser
import Foundation
import Media

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Describe media files: container, duration, streams, rotation, keyframes.",
        discussion: """
        With several files, each gets its own result and one bad file does not stop the \
        others; the exit code is the worst of them. --json prints one object for one \
        file and an array for several.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Media files to describe.")
    var files: [String]

    @Flag(help: "Print JSON (stable camelCase fields, see README).")
    var json = false

    @Flag(help: "Add the main video stream's keyframe times (seconds).")
    var keyframes = false

    func run() throws {
        global.bootstrap()
        var worst = ExitStatus.ok
        var results: [ProbeResult] = []
        for path in files {
            do {
                let info = try Self.probe(path: path, keyframes: keyframes)
                results.append(.success(info))
                // Line by line through Output: a path or a tag with control characters prints escaped.
                if !json { ProbeReport.text(for: info).split(separator: "\n", omittingEmptySubsequences: false).forEach { Output.line(String($0)) } }
            } catch {
                worst = max(worst, ExitStatus(error))
                results.append(.failure(path: path, error: error))
                Output.problem(error.description)
            }
        }
        if json {
            if results.count == 1, let only = results.first { try Output.json(only) } else { try Output.json(results) }
        }
        if worst != .ok { throw worst.exitCode }
    }

    static func probe(path: String, keyframes: Bool) throws(MediaError) -> MediaInfo {
        let file = try MediaFile(path: path)
        var info = file.info()
        if keyframes, info.mainVideoStream != nil {
            let index = try file.keyframes()
            // The lesson timeline, as `cut` reads times: 0 is the file's start.
            let origin = info.startTime ?? 0
            info.keyframes = index.times.map { $0 - origin }
            info.keyframeSource = index.source.rawValue
        }
        return info
    }
}

/// One file's outcome in `probe --json`: the info, or the error that stopped it.
enum ProbeResult: Encodable {
    case success(MediaInfo)
    case failure(path: String, error: MediaError)

    struct ErrorBody: Encodable {
        let kind: String
        let message: String
        let exitCode: Int32
    }

    func encode(to encoder: Encoder) throws {
        switch self {
        case .success(let info):
            try info.encode(to: encoder)
        case .failure(let path, let error):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(path, forKey: .path)
            try container.encode(ErrorBody(kind: error.kind.rawValue, message: error.message,
                                           exitCode: ExitStatus(error).rawValue), forKey: .error)
        }
    }

    enum Keys: String, CodingKey { case path, error }
}
