import CMedia

/// The main audio stream of a media file as mono float samples, handed out block by block so
/// a 45-minute lesson never sits in memory. Owns the CMedia audio handle and frees it in deinit.
public final class AudioSamples {
    public let sampleRate: Int
    private let file: MediaFile      // kept alive: the audio handle borrows its demuxer
    private let handle: OpaquePointer
    private var buffer: [Float]

    /// Fails with `noVideo` kind (exit 69 in the CLI) and the message "no audio stream" when there is none.
    public init(file: MediaFile, sampleRate: Int = 16_000, blockSize: Int = 16_000) throws(MediaError) {
        var status = cm_status()
        var opened: OpaquePointer?
        guard cm_audio_open(file.handle, Int32(sampleRate), &opened, &status) == CM_OK.rawValue, let opened else {
            throw MediaError(status: status, path: file.path)
        }
        self.file = file
        self.handle = opened
        self.sampleRate = sampleRate
        self.buffer = [Float](repeating: 0, count: max(256, blockSize))
    }

    deinit { cm_audio_close(handle) }

    /// Calls `body` with each block of samples until the stream ends.
    public func forEachBlock(_ body: (UnsafeBufferPointer<Float>) -> Void) throws(MediaError) {
        var status = cm_status()
        while true {
            var count = 0
            let code = buffer.withUnsafeMutableBufferPointer { pointer in
                cm_audio_read(handle, pointer.baseAddress, pointer.count, &count, &status)
            }
            guard code == CM_OK.rawValue else { throw MediaError(status: status, path: file.path) }
            if count == 0 { return }
            buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<count])) }
        }
    }

    /// Presentation time of the first sample (after the first block), nil if unknown.
    public var firstSampleTime: Double? {
        let time = cm_audio_first_time(handle)
        return time == CM_NO_TIME ? nil : time
    }

    public var damagedPackets: Int64 { cm_audio_damaged_packets(handle) }
}
