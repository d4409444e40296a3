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
    /// The sidecar revision the file was exported from (EAF's `clipcoach.revision`).
    public var exportedRevision: Int?

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

    /// Whether the file's version may replace the sidecar's `annotation` (in a sidecar now at
    /// `sidecarRevision`): true when the file's version was made from what the sidecar holds.
    /// - the file's own `updatedAt` for this annotation is at least the sidecar's;
    /// - or the file names the revision it was exported from (not a later one than the sidecar's)
    ///   and this annotation did not change after the export time; without an export time,
    ///   the sidecar must still be at that revision;
    /// - or (a file with an export time and no revision) the annotation did not change after it.
    /// Anything else (no time, no revision: a hand-made file, an ELAN file ClipCoach did not
    /// write) is not newer: taking it could turn a newer edit back, so it is a conflict.
    func isAtLeastAsNew(as annotation: Sidecar.Annotation, sidecarRevision: Int) -> Bool {
        if let updatedAt { return Self.notBefore(updatedAt, annotation.updatedAt) }
        if let exportedRevision {
            // A file that claims a revision the sidecar never reached was not made from it.
            guard exportedRevision <= sidecarRevision else { return false }
            if let exportedAt { return Self.notBefore(exportedAt, annotation.updatedAt) }
            return exportedRevision == sidecarRevision
        }
        if let exportedAt { return Self.notBefore(exportedAt, annotation.updatedAt) }
        return false
    }

    /// `time` is the same instant as `reference` or later (ISO 8601; text order when either does not parse).
    private static func notBefore(_ time: String, _ reference: String) -> Bool {
        guard let theirs = instant(time), let ours = instant(reference) else { return time >= reference }
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
