import ClipCoachCore

/// Names people read beside the ids files store: "Explanations", "Mid".
extension Codebook {
    func codeName(_ id: String) -> String? { code(id)?.name }

    func pointLabel(_ pointID: String, code codeID: String) -> String? {
        code(codeID).flatMap { point(pointID, in: $0)?.label }
    }

    /// The scale of a code, by code id.
    func scale(forCode codeID: String) -> Scale? { code(codeID).flatMap { scale(for: $0) } }
}
