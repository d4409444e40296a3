import Catalog
import ClipCoachCore

// What the JSON API answers and accepts (docs/review.md, "API"). Media and posters are
// named by catalog id only: no file path ever reaches a URL.

/// A set's state in listings and on the clip page (sets never reviewed are drafts).
struct SetState: Encodable, Sendable {
    let segment: Int?
    let state: ReviewState
}

/// One row of the clip list.
struct ClipSummary: Encodable, Sendable {
    let id: Int64
    let label: String
    let kind: CatalogClip.Kind
    let duration: Double?
    let posterURL: String?
    let revision: Int
    let teacher: String?
    let grade: String?
    let topic: String?
    let tags: [String]
    let sharing: SharingStatus
    let annotationCount: Int
    let codes: [String]
    let raters: [String]
    let sets: [SetState]
}

/// The clip page: everything needed to play, read and edit.
struct ClipDetail: Encodable, Sendable {
    struct Segment: Encodable, Sendable {
        let number: Int
        let start: Double
        let end: Double
    }

    struct ReviewSetView: Encodable, Sendable {
        let segment: Int?
        let state: ReviewState
        let submittedBy: String?
        let events: [ReviewEvent]
    }

    let id: Int64
    let label: String
    let kind: CatalogClip.Kind
    let duration: Double
    let revision: Int
    let mediaURL: String
    let mediaType: String
    let posterURL: String?
    let context: Sidecar.Context
    let codebook: String
    let segments: [Segment]
    let annotations: [Sidecar.Annotation]
    let review: [ReviewSetView]
    /// For raters, the status only (who set it and the consent note are the coaches').
    let sharing: SharingRecord
    /// Whether this server sets the sharing status (the studio: yes; `review serve`: no).
    let sharingEditable: Bool
}

/// The answer to a write: the new revision and the clip as saved.
struct WriteResult: Encodable, Sendable {
    let revision: Int
    let annotation: Sidecar.Annotation?
    let event: ReviewEvent?
    let clip: ClipDetail
}

/// POST /api/clips/{id}/annotations
struct NewAnnotationRequest: Decodable, Sendable {
    struct Moment: Decodable, Sendable {
        let time: Double
        let comment: String?
    }
    /// The revision the page shows: a save on any other revision is refused with 409.
    let revision: Int
    let code: String
    let score: String
    let rater: String
    let role: Sidecar.Annotation.Role?
    let note: String?
    let segment: Int?
    let evidence: [Moment]?
    /// Who makes the edit, for the audit trail; defaults to `rater`.
    let by: String?
}

/// PUT /api/clips/{id}/annotations/{annotationID}: parts left out stay as they are.
struct ChangeAnnotationRequest: Decodable, Sendable {
    let revision: Int
    let by: String
    let score: String?
    /// An empty note removes it.
    let note: String?
    let evidence: [NewAnnotationRequest.Moment]?
}

/// PUT /api/clips/{id}/sharing
struct SharingRequest: Decodable, Sendable {
    let revision: Int
    let status: SharingStatus
    let by: String
    let consentNote: String?
}

/// POST /api/clips/{id}/review
struct ReviewActionRequest: Decodable, Sendable {
    let revision: Int
    let action: ReviewAction
    let by: String
    let comment: String?
    let segment: Int?
}
