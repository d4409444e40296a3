import ClipCoachCore
import Foundation

/// An annotation read from an interchange file, with where it was found so that every
/// problem can name its line or element.
public struct ImportedAnnotation: Sendable, Equatable {
    /// `line 4`, `TIER 'Ana | rater | richness.explanations', ANNOTATION 'a-1' (line 40)`.
    public var origin: String
    /// nil: the file gives no id, a new one is made.
    public var id: String?
    public var code: String
    public var score: String
    public var rater: String
    public var role: Sidecar.Annotation.Role
    public var note: String?
    public var segment: Int?
    /// On the target sidecar's own timeline.
    public var evidence: [Sidecar.Evidence]
    public var createdAt: String?
    public var updatedAt: String?
    /// When the file was exported from the sidecar (formats without a time per annotation).
    public var exportedAt: String?

    public init(origin: String, id: String?, code: String, score: String, rater: String,
                role: Sidecar.Annotation.Role = .rater, note: String? = nil, segment: Int? = nil,
                evidence: [Sidecar.Evidence] = [], createdAt: String? = nil, updatedAt: String? = nil) {
        self.origin = origin
        self.id = id
        self.code = code
        self.score = score
        self.rater = rater
        self.role = role
        self.note = note
        self.segment = segment
        self.evidence = evidence
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// False when the sidecar's annotation changed after the file's version of it was made
    /// (its `updatedAt` is later than the file's `updatedAt`, or than the file's export time):
    /// then taking the file's version would turn a newer edit back. Unknown times count as newer.
    func isAtLeastAsNew(as annotation: Sidecar.Annotation) -> Bool {
        guard let incoming = updatedAt ?? exportedAt else { return true }
        guard let theirs = Self.instant(incoming), let ours = Self.instant(annotation.updatedAt) else {
            return incoming >= annotation.updatedAt
        }
        return theirs >= ours
    }

    static func instant(_ text: String) -> Date? {
        let precise = ISO8601DateFormatter()
        precise.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return precise.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    /// True when the sidecar's annotation says the same (timestamps and unknown fields aside).
    func matches(_ annotation: Sidecar.Annotation) -> Bool {
        annotation.code == code && annotation.score == score && annotation.rater == rater && annotation.role == role
            && annotation.note == note && annotation.segment == segment
            && annotation.evidence.map { Milliseconds.from(seconds: $0.time) } == evidence.map { Milliseconds.from(seconds: $0.time) }
            && annotation.evidence.map(\.comment) == evidence.map(\.comment)
    }
}

/// What an importer read: the annotations for the target, and what it left out and why.
public struct ImportReading: Sendable {
    public var annotations: [ImportedAnnotation]
    /// One line each: `skipped tier 'Transcript' (not in the RATER | ROLE | CODE layout)`.
    public var notes: [String]

    public init(annotations: [ImportedAnnotation], notes: [String] = []) {
        self.annotations = annotations
        self.notes = notes
    }
}
