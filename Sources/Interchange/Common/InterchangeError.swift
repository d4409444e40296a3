import ClipCoachCore
import Failures
import Foundation

/// Why an export or import did not happen, tied to the file and, inside it, the place
/// (`line 12`, `TIER 'Ana | rater | richness.explanations'`, `tracks[0].children[2].markers[1]`).
///
/// `description` is the one line the CLI prints: `lesson.eaf: line 40: ANNOTATION 'a-1': 'great'
/// is not a score point of richness.explanations (not-present, low, mid, high)`.
public struct InterchangeError: Error, Equatable, CustomStringConvertible, Sendable, RemedyCarrying {
    public enum Kind: String, Sendable {
        /// The command asked for something the format or the sources cannot do
        /// (two lessons in one WebVTT track, an unknown format name).
        case usage
        /// The input file or a source sidecar is malformed: broken XML, wrong JSON types,
        /// unknown codes or score points, times outside the media.
        case badData
        /// A file that must be read is missing or unreadable.
        case noInput
        /// The file lacks what is needed (no frame rate for OTIO).
        case unavailable
        /// The output exists (without --force), or its folder is missing or read-only.
        case cannotCreate
        /// Writing failed (disk full).
        case writeFailed
        /// Saving the target sidecar kept meeting concurrent edits.
        case conflict
    }

    public let kind: Kind
    /// The file as the user named it.
    public let path: String
    /// Where in the file; nil for the file as a whole.
    public let location: String?
    public let message: String
    /// What the user can do about it (each face names it in its own words).
    public let remedy: Remedy?

    public init(_ kind: Kind, path: String, location: String? = nil, message: String, remedy: Remedy? = nil) {
        self.remedy = remedy
        self.kind = kind
        self.path = path
        self.location = location
        // One line, whatever the cause said.
        self.message = message.replacingOccurrences(of: "\n", with: " ")
    }

    public var description: String {
        [path.isEmpty ? nil : path, location, message].compactMap { $0 }.joined(separator: ": ")
    }

    /// A sidecar problem met while exporting or importing, kept with its own kind.
    public init(_ error: SidecarError) {
        let kind: Kind = switch error.kind {
        case .notFound, .unreadable: .noInput
        case .exists, .cannotCreate: .cannotCreate
        case .writeFailed: .writeFailed
        case .conflict: .conflict
        default: .badData
        }
        self.init(kind, path: error.path, location: error.field, message: error.message)
    }

    public init(_ error: CodebookError) {
        let kind: Kind = switch error.kind {
        case .notFound, .unreadable: .noInput
        case .invalidJSON, .invalid: .badData
        }
        self.init(kind, path: error.path, location: error.field, message: error.message)
    }
}
