/// Where an annotation set (a clip's, a lesson segment's, or a lesson's whole-lesson codes)
/// stands in review. A set nobody has submitted is a `draft`.
///
/// ```
/// draft ──submit──► submitted ──accept──────────► accepted
///                      ▲      └─request-changes─► changesRequested
///                      └────────submit───────────────┘
/// ```
/// Editing the annotations of a submitted or accepted set (through the review page) puts it
/// back to `draft`: what a reviewer accepted is never silently different from what is there.
public enum ReviewState: String, FileEnum, Comparable {
    case draft, submitted, accepted, changesRequested
    public static let fieldDescription = "review state"

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

/// What a person does to a set; each becomes an event of its audit trail.
public enum ReviewAction: String, FileEnum {
    /// A rater hands the set in for review.
    case submit
    /// A reviewer accepts the submitted set.
    case accept
    /// A reviewer sends the submitted set back with comments.
    case requestChanges
    /// Someone added, changed or removed an annotation of the set (through the review page).
    case annotate
    /// A comment only; the state does not change.
    case comment
    public static let fieldDescription = "review action"

    /// The state this action leads to from `state`, or nil when it is not allowed there.
    public func next(from state: ReviewState) -> ReviewState? {
        switch (self, state) {
        case (.submit, .draft), (.submit, .changesRequested): .submitted
        case (.accept, .submitted): .accepted
        case (.requestChanges, .submitted): .changesRequested
        case (.annotate, .submitted), (.annotate, .accepted): .draft
        case (.annotate, _), (.comment, _): state
        default: nil
        }
    }

    /// True for the reviewer's decisions, which the submitter may not take on their own work.
    public var isDecision: Bool { self == .accept || self == .requestChanges }
}
