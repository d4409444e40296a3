import CMedia

/// Decodes pictures of a file's main video stream, scaled to a width with the
/// display aspect (SAR) and rotation applied. Owns its C reader; keeps the
/// `MediaFile` it borrows from alive. One per task: not for sharing across threads.
public final class PictureReader {
    public let file: MediaFile
    let handle: OpaquePointer

    /// - Parameters:
    ///   - width: displayed width of the pictures (the height follows the aspect, rounded to even); 0 keeps the display size.
    ///   - threads: decoder threads; 0 lets FFmpeg choose. Output is identical for any count.
    ///   - maxPixels: cap on decoded and produced picture size (0: 100 MP); beyond it `limitExceeded`.
    public init(file: MediaFile, width: Int, threads: Int = 0, maxPixels: Int64 = 0) throws(MediaError) {
        guard let width32 = Int32(exactly: width), width32 >= 0, let threads32 = Int32(exactly: threads), threads32 >= 0 else {
            throw MediaError(.invalidArgument, path: file.path, message: "width and threads must be 0 or more")
        }
        var options = cm_reader_options(width: width32, threads: threads32, max_pixels: maxPixels)
        var status = cm_status()
        var opened: OpaquePointer?
        guard cm_frame_reader_open(file.handle, &options, &opened, &status) == CM_OK.rawValue, let opened else {
            throw MediaError(status: status, path: file.path)
        }
        self.file = file
        self.handle = opened
    }

    deinit { cm_frame_reader_close(handle) }

    /// The size pictures will have, from the stream's declared size; nil if it declares none.
    public var outputSize: (width: Int, height: Int)? {
        var width: Int32 = 0, height: Int32 = 0
        guard cm_frame_reader_output_size(handle, &width, &height) == CM_OK.rawValue else { return nil }
        return (Int(width), Int(height))
    }

    /// Starts decoding the keyframes with presentation time in [start, end); nil: unbounded.
    public func beginKeyframes(from start: Double? = nil, to end: Double? = nil) throws(MediaError) {
        var status = cm_status()
        guard cm_frame_reader_begin_keyframes(handle, start ?? CM_NO_TIME, end ?? CM_NO_TIME, &status) == CM_OK.rawValue else {
            throw MediaError(status: status, path: file.path)
        }
    }

    /// The next keyframe of the range begun, nil when it is done.
    public func nextKeyframe() throws(MediaError) -> Picture? {
        var status = cm_status()
        var picture: OpaquePointer?
        let code = cm_frame_reader_next_keyframe(handle, &picture, &status)
        return try taken(code: code, picture: picture, status: status)
    }

    /// The frame at `time`: with `exact`, the first frame shown at or after it
    /// (the last frame if the file ends first); else the keyframe at or before it.
    /// nil only when the stream has no decodable frame at all.
    public func picture(at time: Double, exact: Bool) throws(MediaError) -> Picture? {
        var status = cm_status()
        var picture: OpaquePointer?
        let mode = exact ? CM_SEEK_EXACT : CM_SEEK_KEYFRAME
        let code = cm_frame_reader_picture_at(handle, time, Int32(mode.rawValue), &picture, &status)
        return try taken(code: code, picture: picture, status: status)
    }

    private func taken(code: Int32, picture: OpaquePointer?, status: cm_status) throws(MediaError) -> Picture? {
        if code == CM_END { return nil }
        guard code == CM_OK.rawValue, let picture else { throw MediaError(status: status, path: file.path) }
        return Picture(taking: picture)
    }
}
