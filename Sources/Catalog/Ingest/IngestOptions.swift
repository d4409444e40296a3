import ClipCoachCore
import Media

/// How `LibraryIngest` works.
public struct IngestOptions: Sendable {
    /// Files ingested at a time (1...64). Each holds one open media file and one decoder.
    public var jobs: Int
    /// Width of keyframe thumbnails in pixels.
    public var thumbnailWidth: Int
    /// Width of the poster in pixels.
    public var posterWidth: Int
    /// At most this many thumbnails per video: past it they are taken at even
    /// intervals (the keyframe before each mark), so a long lesson costs no more
    /// than this many decoded pictures.
    public var maxThumbnails: Int
    /// Codebooks for ranking scores besides the built-in MQI one.
    public var codebooks: CodebookSet
    /// Posters already chosen for these video paths (a cut writes one beside each clip with the
    /// same rule and width): taken as they are instead of decoding the video again.
    public var knownPosters: [String: PosterPick] = [:]
    /// False: the poster only, no keyframe thumbnails (a later run with `redoPictures` adds them).
    public var makeThumbnails = true
    /// Make the pictures again even for a file the catalog already holds unchanged.
    public var redoPictures = false

    public static let jobsRange = 1...64

    /// Decoder threads for each file as given (1...64), else nil: the files in flight share the cores.
    /// A queue worker given one core (a Slurm task with one CPU, a pod limited to one) says 1.
    public var threadsPerFile: Int?

    public static let threadsRange = 1...64

    /// Decoder threads for each file's poster and thumbnails.
    public var decoderThreads: Int { threadsPerFile ?? DecoderThreads.share(among: jobs) }

    public init(jobs: Int = 1, threadsPerFile: Int? = nil, thumbnailWidth: Int = 320, posterWidth: Int = 640,
                maxThumbnails: Int = 120, codebooks: CodebookSet = CodebookSet()) {
        self.jobs = jobs
        self.threadsPerFile = threadsPerFile
        self.thumbnailWidth = thumbnailWidth
        self.posterWidth = posterWidth
        self.maxThumbnails = maxThumbnails
        self.codebooks = codebooks
    }
}
