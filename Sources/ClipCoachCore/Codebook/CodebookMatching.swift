import Foundation

// What a person types for a code or a score point, matched to the codebook's ids: any case,
// a score point by its label too, and the nearest id suggested for a typo.

extension Codebook {
    /// The code id for `text`: itself, or the id with the same letters in another case.
    public func codeID(matching text: String) -> String? {
        if code(text) != nil { return text }
        return codes.first { $0.id.caseInsensitiveCompare(text) == .orderedSame }?.id
    }

    /// The score point id on `code`'s scale for `text`: its id or its label, in any case
    /// (`Mid`, `HIGH`, `not present`).
    public func scorePointID(matching text: String, for code: Code) -> String? {
        guard let points = scale(for: code)?.points else { return nil }
        if points.contains(where: { $0.id == text }) { return text }
        let wanted = text.trimmingCharacters(in: .whitespaces)
        return points.first {
            $0.id.caseInsensitiveCompare(wanted) == .orderedSame || $0.label.caseInsensitiveCompare(wanted) == .orderedSame
        }?.id
    }

    /// " (did you mean richness.explanations?)" when one candidate is a near miss, else "".
    static func suggestion(for text: String, among candidates: [String]) -> String {
        let typed = text.lowercased()
        let scored = candidates.map { (id: $0, distance: editDistance(typed, $0.lowercased())) }
        guard let best = scored.min(by: { $0.distance < $1.distance }),
              best.distance <= max(2, typed.count / 5) else { return "" }
        return " (did you mean \(best.id)?)"
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let left = Array(a), right = Array(b)
        guard !left.isEmpty else { return right.count }
        guard !right.isEmpty else { return left.count }
        var previous = Array(0...right.count)
        for i in 1...left.count {
            var current = [i] + Array(repeating: 0, count: right.count)
            for j in 1...right.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1,
                                 previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[right.count]
    }
}
