import CMedia
import Foundation

/// An 8-bit RGB picture in memory: a decoded, scaled, upright video frame or a
/// canvas to compose on. Owns its C handle and frees it in `deinit`.
public final class Picture {
    let handle: OpaquePointer
    public let width: Int
    public let height: Int
    /// Presentation time of the source frame in seconds; nil for a canvas or when the file has no timestamps.
    public let time: Double?

    /// Takes ownership of a picture the C side allocated.
    init(taking handle: OpaquePointer) {
        self.handle = handle
        var info = cm_picture_info()
        cm_picture_describe(handle, &info)
        width = Int(info.width)
        height = Int(info.height)
        time = Media.time(info.time)
    }

    /// A canvas filled with one colour.
    public init(width: Int, height: Int, red: UInt8 = 0, green: UInt8 = 0, blue: UInt8 = 0,
                path: String = "") throws(MediaError) {
        var status = cm_status()
        guard let width32 = Int32(exactly: width), let height32 = Int32(exactly: height),
              let made = cm_picture_new(width32, height32, red, green, blue, &status) else {
            if status.code == 0 { status.code = CM_E_LIMIT.rawValue }
            throw MediaError(status: status, path: path)
        }
        handle = made
        self.width = width
        self.height = height
        time = nil
    }

    deinit { cm_picture_free(handle) }

    /// Luma (BT.601 weights, 0...255) mean, spread and share of near-black pixels.
    public func lumaStats() -> LumaStats {
        var stats = cm_luma_stats()
        cm_picture_luma_stats(handle, &stats)
        return LumaStats(mean: stats.mean, standardDeviation: stats.stddev, darkFraction: stats.dark_fraction)
    }

    /// Pixel counts for each luma value 0...255.
    public func lumaHistogram() -> [UInt32] {
        var bins = [UInt32](repeating: 0, count: 256)
        bins.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { cm_picture_luma_histogram(handle, base) }
        }
        return bins
    }

    /// The pixels as tightly packed RGB rows (no padding), top row first.
    public func rgbBytes() -> [UInt8] {
        var info = cm_picture_info()
        cm_picture_describe(handle, &info)
        guard let pixels = info.pixels else { return [] }
        let rowBytes = width * 3
        var bytes = [UInt8]()
        bytes.reserveCapacity(rowBytes * height)
        for row in 0..<height {
            bytes.append(contentsOf: UnsafeBufferPointer(start: pixels + row * Int(info.stride), count: rowBytes))
        }
        return bytes
    }

    /// Copies `picture` onto this one with its top-left corner at (x, y), clipped.
    public func draw(_ picture: Picture, x: Int, y: Int) {
        cm_picture_blit(handle, picture.handle, Int32(clamping: x), Int32(clamping: y))
    }

    public func fill(x: Int, y: Int, width: Int, height: Int, red: UInt8, green: UInt8, blue: UInt8) {
        cm_picture_fill_rect(handle, Int32(clamping: x), Int32(clamping: y), Int32(clamping: width),
                             Int32(clamping: height), red, green, blue)
    }

    /// White text on a black box with the built-in 5x7 font (digits, ':', '.', '-').
    public func drawLabel(_ text: String, x: Int, y: Int, scale: Int) {
        cm_picture_draw_label(handle, text, Int32(clamping: x), Int32(clamping: y), Int32(clamping: scale))
    }

    /// The box `drawLabel` covers.
    public static func labelSize(_ text: String, scale: Int) -> (width: Int, height: Int) {
        var width: Int32 = 0, height: Int32 = 0
        cm_label_size(text, Int32(clamping: scale), &width, &height)
        return (Int(width), Int(height))
    }
}

/// Luma statistics of a picture, for telling black, blank and fade frames from real ones.
public struct LumaStats: Sendable, Equatable, Codable {
    public let mean: Double
    public let standardDeviation: Double
    /// Share of pixels with luma below 32.
    public let darkFraction: Double
}

/// Image file formats for thumbnails, posters and sheets.
public enum PictureFormat: String, Sendable, Codable, CaseIterable {
    case jpg, png

    public var fileExtension: String { rawValue }

    /// The format a file name asks for by its extension (.jpg, .jpeg, .png), nil if none.
    public init?(fileName: String) {
        switch (fileName as NSString).pathExtension.lowercased() {
        case "jpg", "jpeg": self = .jpg
        case "png": self = .png
        default: return nil
        }
    }

    var cValue: Int32 { self == .jpg ? Int32(CM_IMAGE_JPEG.rawValue) : Int32(CM_IMAGE_PNG.rawValue) }
}

/// Encodes pictures as JPEG (full-range 4:2:0, constant quality) or PNG through
/// libavcodec. Keeps its codec open across pictures of one size.
public final class PictureEncoder {
    let handle: OpaquePointer
    /// The file the pictures come from, named in errors.
    let path: String

    /// `quality`: JPEG quantiser 2 (best) ... 31; 3 is visually clean and compact.
    public init(format: PictureFormat, quality: Int = 3, path: String) throws(MediaError) {
        var status = cm_status()
        var opened: OpaquePointer?
        guard cm_image_encoder_open(format.cValue, Int32(clamping: quality), &opened, &status) == CM_OK.rawValue,
              let opened else {
            throw MediaError(status: status, path: path)
        }
        handle = opened
        self.path = path
    }

    deinit { cm_image_encoder_close(handle) }

    public func encode(_ picture: Picture) throws(MediaError) -> Data {
        var status = cm_status()
        var image = cm_image()
        guard cm_image_encode(handle, picture.handle, &image, &status) == CM_OK.rawValue else {
            throw MediaError(status: status, path: path)
        }
        defer { cm_image_free(&image) }
        guard let bytes = image.data, image.size > 0 else {
            throw MediaError(.encodeFailed, path: path, message: "the image encoder gave no output")
        }
        return Data(bytes: bytes, count: image.size)
    }
}
