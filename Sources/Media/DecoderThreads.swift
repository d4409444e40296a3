import Foundation

/// How many threads a decoder gets when several decode at once.
public enum DecoderThreads {
    /// An equal share of the cores for one of `parallel` decoders running together (at
    /// least one); 0, which lets FFmpeg use every core, for a decoder running alone.
    /// Frame-threaded decoders on top of parallel work only add switching.
    public static func share(among parallel: Int) -> Int {
        parallel > 1 ? max(1, ProcessInfo.processInfo.activeProcessorCount / parallel) : 0
    }
}
