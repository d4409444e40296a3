import Foundation
import Testing
import TestSupport

/// ffmpeg as the independent reader of smart-cut clips: decoded frame hashes with
/// their times, and grey pictures to compare a clip's first frame with the source's.
enum SmartCutOracle {
    struct Frame {
        let time: Double
        let duration: Double
        let md5: String
    }

    /// Every decoded frame of the first video stream (ffmpeg -f framemd5), in display order,
    /// on the file's own timeline (-copyts: MPEG-TS starts at its first timestamp, not 0).
    static func frames(_ path: String) throws -> [Frame] {
        let result = try run("ffmpeg", ["-v", "error", "-copyts", "-i", path, "-map", "0:v:0", "-fps_mode", "passthrough",
                                        "-f", "framemd5", "-"], timeout: 300)
        var timeBase = 1.0
        var frames: [Frame] = []
        for line in result.stdout.split(separator: "\n") {
            if line.hasPrefix("#tb 0:") {
                let parts = line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: "/")
                if parts.count == 2, let num = Double(parts[0]), let den = Double(parts[1]), den > 0 { timeBase = num / den }
                continue
            }
            guard !line.hasPrefix("#") else { continue }
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 6, let pts = Double(fields[2]), let duration = Double(fields[3]) else { continue }
            frames.append(Frame(time: pts * timeBase, duration: duration * timeBase, md5: fields[5]))
        }
        return frames.sorted { $0.time < $1.time }
    }

    /// Grey pictures (one byte a pixel, `width` wide) of the source frames shown from `from` to `to`,
    /// with their times, decoded from the start of the file (exact, no seeking).
    static func greyFrames(_ path: String, from: Double, to: Double, width: Int = 160) throws -> [(time: Double, pixels: [UInt8])] {
        let folder = try Fixtures.temporaryFolder("smart-oracle")
        defer { try? FileManager.default.removeItem(at: folder) }
        let raw = folder.appendingPathComponent("frames.gray").path
        let filter = "select='between(t,\(from),\(to))',scale=\(width):-2,showinfo"
        let result = try run("ffmpeg", ["-v", "info", "-copyts", "-i", path, "-map", "0:v:0", "-vf", filter, "-fps_mode", "passthrough",
                                        "-pix_fmt", "gray", "-f", "rawvideo", "-y", raw], timeout: 300)
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: raw)))
        let times = result.stderr.split(separator: "\n").compactMap { line -> Double? in
            guard line.contains("Parsed_showinfo"), let range = line.range(of: "pts_time:") else { return nil }
            return Double(line[range.upperBound...].prefix { !$0.isWhitespace })
        }
        guard !times.isEmpty, data.count % times.count == 0 else { return [] }
        let size = data.count / times.count
        return times.enumerated().map { index, time in (time, Array(data[index * size..<(index + 1) * size])) }
    }

    /// The first frame of a clip as a grey picture `width` wide.
    static func firstGreyFrame(_ path: String, width: Int = 160) throws -> [UInt8] {
        let folder = try Fixtures.temporaryFolder("smart-oracle")
        defer { try? FileManager.default.removeItem(at: folder) }
        let raw = folder.appendingPathComponent("first.gray").path
        _ = try run("ffmpeg", ["-v", "error", "-i", path, "-map", "0:v:0", "-frames:v", "1", "-vf", "scale=\(width):-2",
                               "-pix_fmt", "gray", "-f", "rawvideo", "-y", raw])
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: raw)))
    }

    static func psnr(_ a: [UInt8], _ b: [UInt8]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var sum = 0.0
        for i in a.indices {
            let d = Double(a[i]) - Double(b[i])
            sum += d * d
        }
        let mse = sum / Double(a.count)
        return mse == 0 ? 99 : 10 * log10(255 * 255 / mse)
    }
}
