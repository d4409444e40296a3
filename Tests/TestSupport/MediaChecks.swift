import Foundation

/// Checks on written media, with ffmpeg / ffprobe as the independent readers.
public enum MediaChecks {
    /// What `ffmpeg -v error -i FILE -f null -` prints: empty when the file decodes cleanly.
    public static func decodeErrors(_ path: String) throws -> String {
        try run("ffmpeg", ["-v", "error", "-i", path, "-f", "null", "-"]).stderr
    }

    /// Top-level MP4 box types in file order (to check moov before mdat).
    public static func topLevelBoxes(_ path: String) throws -> [String] {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var boxes: [String] = []
        var offset: UInt64 = 0
        let size = try handle.seekToEnd()
        while offset + 8 <= size, boxes.count < 64 {
            try handle.seek(toOffset: offset)
            guard let header = try handle.read(upToCount: 16), header.count >= 8 else { break }
            var length = UInt64(header[0]) << 24 | UInt64(header[1]) << 16 | UInt64(header[2]) << 8 | UInt64(header[3])
            boxes.append(String(decoding: header[4..<8], as: UTF8.self))
            if length == 1, header.count >= 16 {
                length = header[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
            } else if length == 0 {
                break
            }
            guard length >= 8 else { break }
            offset += length
        }
        return boxes
    }

    /// Start time in seconds of the first stream of `kind` ("video", "audio"), from ffprobe.
    public static func streamStart(_ report: FFprobe.Report, kind: String) -> Double? {
        report.streams.first { $0["codec_type"] as? String == kind }
            .flatMap { ($0["start_time"] as? String).flatMap(Double.init) }
    }

    /// Per-stream MD5 of the packet data, as ffmpeg's streamhash muxer computes it.
    public static func streamHashes(_ path: String) throws -> [String] {
        let result = try run("ffmpeg", ["-v", "error", "-i", path, "-map", "0", "-c", "copy",
                                        "-f", "streamhash", "-hash", "md5", "-"])
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// Seconds between consecutive keyframes, at most (a GOP's length).
    public static func longestGOP(_ keyframes: [Double], duration: Double) -> Double {
        var longest = 0.0
        for (a, b) in zip(keyframes, keyframes.dropFirst()) { longest = max(longest, b - a) }
        if let last = keyframes.last { longest = max(longest, duration - last) }
        return longest
    }

    /// Temporary files ClipCoach writes before renaming (".name.partial") left in a folder.
    public static func leftovers(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".partial") || $0.contains(".tmp") }
    }
}

/// Parses JSON output of the CLI.
public func jsonObject(_ result: RunResult) throws -> Any {
    try JSONSerialization.jsonObject(with: result.stdoutData)
}
