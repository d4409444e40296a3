import CMedia

/// A media problem, always tied to the file it happened on.
///
/// `description` is the one line the CLI prints: "PATH: problem".
public struct MediaError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable, Codable {
        case cannotOpen          // missing, unreadable, a directory
        case notMedia            // nothing FFmpeg can demux: text, random bytes, empty
        case noVideo             // the job needs a video stream and the file has none
        case invalidArgument     // the caller asked for something impossible
        case damaged             // the data is broken past what the job can work around
        case encodeFailed        // an encoder or muxer refused
        case writeFailed         // the output could not be written (disk full, read-only)
        case outOfMemory
        case limitExceeded       // a safety cap on hostile input was hit
        case cancelled
        case unsupported         // codec or container combination not supported
        case needsReencode       // a stream copy cannot make a valid clip of this file
        case software            // a CMedia status this version does not know: a bug, not damage
    }

    public let kind: Kind
    public let path: String
    public let message: String
    /// The FFmpeg AVERROR behind this error, 0 if none.
    public let ffmpegError: Int32

    public init(_ kind: Kind, path: String, message: String, ffmpegError: Int32 = 0) {
        self.kind = kind
        self.path = path
        self.message = message
        self.ffmpegError = ffmpegError
    }

    public var description: String { "\(path): \(message)" }

    /// Builds the Swift error from a CMedia status after a failed call.
    init(status: cm_status, path: String) {
        let text = withUnsafeBytes(of: status.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        self.init(Self.kind(for: status.code), path: path,
                  message: text.isEmpty ? "media operation failed (code \(status.code))" : text,
                  ffmpegError: status.av_error)
    }

    static func kind(for code: Int32) -> Kind {
        switch code {
        case CM_E_OPEN.rawValue: .cannotOpen
        case CM_E_FORMAT.rawValue: .notMedia
        case CM_E_NO_STREAM.rawValue: .noVideo
        case CM_E_INVALID.rawValue: .invalidArgument
        case CM_E_ENCODE.rawValue: .encodeFailed
        case CM_E_WRITE.rawValue: .writeFailed
        case CM_E_NOMEM.rawValue: .outOfMemory
        case CM_E_LIMIT.rawValue: .limitExceeded
        case CM_E_CANCELLED.rawValue: .cancelled
        case CM_E_UNSUPPORTED.rawValue: .unsupported
        case CM_E_NEEDS_REENCODE.rawValue: .needsReencode
        case CM_E_DECODE.rawValue: .damaged
        default: .software
        }
    }
}
