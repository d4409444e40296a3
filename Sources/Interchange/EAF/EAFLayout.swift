import ClipCoachCore

/// How ClipCoach lays annotations out in an ELAN file (docs/interchange.md, "ELAN"): the
/// names both the writer and the reader rely on.
///
/// - A main tier per rater, role and code: `TIER_ID="Ana | rater | richness.explanations"`,
///   typed by a linguistic type whose controlled vocabulary is the code's scale; its
///   annotations are time-aligned over what they score, valued with a score point id.
/// - `... | note`: a Symbolic_Association tier under it; one reference annotation per note.
/// - `... | evidence`: an Included_In tier under it; an evidence moment is the start of an
///   annotation there, its value the moment's comment.
enum EAFLayout {
    static let separator = " | "
    static let noteSuffix = " | note"
    static let evidenceSuffix = " | evidence"
    static let noteType = "clipcoach-note"
    static let evidenceType = "clipcoach-evidence"
    /// Evidence annotations are written this long (or up to the next moment or the end of what is
    /// scored, whichever is first): ELAN shows no zero-length annotation.
    static let evidenceLength: Int64 = 1000

    static func tierID(rater: String, role: Sidecar.Annotation.Role, code: String) -> String {
        [rater, role.rawValue, code].joined(separator: separator)
    }

    /// `RATER | ROLE | CODE` or `RATER | CODE` (role rater). The code is the last field and the
    /// role the one before it, so a rater's name may itself contain ` | `. nil for tiers that do
    /// not follow the layout (a transcription tier, say).
    static func parseTierID(_ id: String) -> (rater: String, role: Sidecar.Annotation.Role, code: String)? {
        var fields = id.components(separatedBy: separator).map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count >= 2, let code = fields.popLast(), !code.isEmpty else { return nil }
        var role = Sidecar.Annotation.Role.rater
        if fields.count >= 2, let last = fields.last, let named = Sidecar.Annotation.Role(rawValue: last) {
            role = named
            fields.removeLast()
        }
        let rater = fields.joined(separator: separator)
        guard !rater.isEmpty else { return nil }
        return (rater, role, code)
    }

    static func scoreType(scale: String) -> String { "clipcoach-score-\(scale)" }

    static func cveID(scale: String, point: String) -> String { "cve-\(scale)-\(point)" }
}
