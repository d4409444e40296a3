import Foundation
import Media

/// Why a file could not be ingested, in kinds a script can act on.
public struct IngestFailure: Error, Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case unreadable     // cannot be opened or read (permissions, vanished mid-run)
        case notMedia       // nothing FFmpeg can read: text, random bytes, empty
        case damaged        // media, but broken past what ingest can work around
        case noVideo        // no video stream (audio only)
        case unsupported    // a codec or container FFmpeg cannot decode here
        case writeFailed    // the managed media folder could not be written
    }

    public let kind: Kind
    /// One line, without the file name (the result carries the path).
    public let message: String

    public init(_ kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    init(_ error: MediaError) {
        let kind: Kind = switch error.kind {
        case .cannotOpen: .unreadable
        case .notMedia: .notMedia
        case .noVideo: .noVideo
        case .unsupported: .unsupported
        case .writeFailed: .writeFailed
        case .damaged, .limitExceeded, .needsReencode, .invalidArgument, .encodeFailed, .outOfMemory, .cancelled, .software: .damaged
        }
        self.init(kind, message: error.message)
    }

    init(_ error: PictureJobError) {
        switch error {
        case .media(let media): self.init(media)
        case .output(let output): self.init(.writeFailed, message: output.description)
        }
    }
}

/// What one file came to in a run.
public struct IngestFileResult: Codable, Sendable, Equatable {
    public let path: String
    public let outcome: IngestOutcome
    /// For `failed`.
    public let failure: IngestFailure?
    /// For `ingested`: what was worked around (an ignored sidecar, an unranked code).
    public let warnings: [String]
    /// The catalog's clip id for the file, when it has one.
    public let clipId: Int64?

    public init(path: String, outcome: IngestOutcome, failure: IngestFailure? = nil,
                warnings: [String] = [], clipId: Int64? = nil) {
        self.path = path
        self.outcome = outcome
        self.failure = failure
        self.warnings = warnings
        self.clipId = clipId
    }

    /// The log's `reason` column: the failure, or the warnings.
    var reason: String? {
        if let failure { return failure.message }
        return warnings.isEmpty ? nil : warnings.joined(separator: "; ")
    }
}

/// Counts of a run, by outcome.
public struct IngestCounts: Codable, Sendable, Equatable {
    public var ingested = 0
    public var unchanged = 0
    public var missing = 0
    public var failed = 0

    public init() {}

    public var total: Int { ingested + unchanged + missing + failed }

    mutating func add(_ outcome: IngestOutcome) {
        switch outcome {
        case .ingested: ingested += 1
        case .unchanged: unchanged += 1
        case .missing: missing += 1
        case .failed: failed += 1
        }
    }
}

/// What `library ingest` did, for the summary and `--json`.
public struct IngestSummary: Codable, Sendable {
    public let runId: String
    public let catalog: String
    public let folders: [String]
    public let jobs: Int
    public let counts: IngestCounts
    /// One per file seen plus one per file found missing, in path order.
    public let files: [IngestFileResult]
    public let seconds: Double

    public var failures: [IngestFileResult] { files.filter { $0.outcome == .failed } }
}

/// Where a run is, after each file.
public struct IngestProgress: Sendable {
    /// Media files found by the walk.
    public let total: Int
    /// Files finished so far.
    public let done: Int
    public let counts: IngestCounts
    /// The file just finished.
    public let lastPath: String?
}
