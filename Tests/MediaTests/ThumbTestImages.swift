import Foundation
import TestSupport

/// Reading images back with ffmpeg (the independent decoder) for picture tests.
enum ThumbTestImages {
    struct RGBImage {
        let width: Int
        let height: Int
        let bytes: [UInt8]

        func pixel(_ x: Int, _ y: Int) -> (Int, Int, Int) {
            let i = (y * width + x) * 3
            return (Int(bytes[i]), Int(bytes[i + 1]), Int(bytes[i + 2]))
        }

        /// BT.601 luma mean over the whole image.
        var meanLuma: Double {
            var sum = 0.0
            for i in stride(from: 0, to: bytes.count, by: 3) {
                sum += 0.299 * Double(bytes[i]) + 0.587 * Double(bytes[i + 1]) + 0.114 * Double(bytes[i + 2])
            }
            return sum / Double(max(1, bytes.count / 3))
        }

        /// Mean absolute difference per channel value against another image of the same size.
        func meanDifference(_ other: RGBImage) -> Double {
            guard bytes.count == other.bytes.count, !bytes.isEmpty else { return .infinity }
            var sum = 0
            for i in bytes.indices { sum += abs(Int(bytes[i]) - Int(other.bytes[i])) }
            return Double(sum) / Double(bytes.count)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Width and height of an image file as ffprobe reads it.
    static func size(_ path: String) throws -> (width: Int, height: Int) {
        let result = try run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
                                         "-of", "csv=p=0", path])
        let fields = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",")
        guard result.status == 0, fields.count == 2, let width = Int(fields[0]), let height = Int(fields[1]) else {
            throw Failure(description: "ffprobe cannot read \(path): \(result.stderr)")
        }
        return (width, height)
    }

    /// The image decoded to RGB by ffmpeg (raw bytes go through a file: the runner keeps text only).
    static func rgb(_ path: String) throws -> RGBImage {
        let (width, height) = try size(path)
        return try decode(arguments: ["-i", path], width: width, height: height)
    }

    /// ffmpeg's own picture of the video at `time`: autorotated, then scaled to width x height (bicubic).
    static func ffmpegFrame(_ path: String, at time: Double, width: Int, height: Int) throws -> RGBImage {
        try decode(arguments: ["-ss", String(format: "%.6f", time), "-i", path, "-frames:v", "1",
                               "-vf", "scale=\(width):\(height):flags=bicubic"], width: width, height: height)
    }

    private static func decode(arguments: [String], width: Int, height: Int) throws -> RGBImage {
        let folder = try Fixtures.temporaryFolder("thumb-rgb")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("image.rgb").path
        let result = try run("ffmpeg", ["-v", "error", "-y"] + arguments + ["-f", "rawvideo", "-pix_fmt", "rgb24", output])
        let data = (try? Data(contentsOf: URL(fileURLWithPath: output))) ?? Data()
        guard result.status == 0, data.count == width * height * 3 else {
            throw Failure(description: "ffmpeg gave \(data.count) bytes for \(width)x\(height): \(result.stderr)")
        }
        return RGBImage(width: width, height: height, bytes: [UInt8](data))
    }

    /// The size a thumbnail of `width` should have, from ffprobe's reading of the video:
    /// SAR applied, turned by the rotation, height rounded to even.
    static func expectedSize(_ path: String, width: Int) throws -> (width: Int, height: Int) {
        let report = try FFprobe.report(path)
        guard let video = report.streams.first(where: { $0["codec_type"] as? String == "video" }),
              let codedWidth = video["width"] as? Int, let codedHeight = video["height"] as? Int else {
            throw Failure(description: "\(path): ffprobe sees no video")
        }
        var sar = 1.0
        if let text = video["sample_aspect_ratio"] as? String {
            let parts = text.split(separator: ":").compactMap { Double($0) }
            if parts.count == 2, parts[0] > 0, parts[1] > 0 { sar = parts[0] / parts[1] }
        }
        var displayWidth = Double(codedWidth) * sar, displayHeight = Double(codedHeight)
        if [90, 270].contains(FFprobe.clockwiseRotation(video)) { swap(&displayWidth, &displayHeight) }
        return (width, max(2, 2 * Int((Double(width) * displayHeight / displayWidth / 2).rounded())))
    }

    /// Every file in a folder, name to bytes.
    static func contents(of folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    /// Temporary or staging files a failed run might leave.
    static func leftovers(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.contains(".partial") || $0.hasPrefix(".clipcoach-staging") }
    }
}
