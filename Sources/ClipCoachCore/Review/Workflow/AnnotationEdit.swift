/// An edit of a sidecar's annotations made through the review page, recorded in the audit trail.
public enum AnnotationEdit: Sendable, Equatable {
    /// A new annotation (checked against the codebook like `clipcoach annotate`).
    case add(Sidecar.Annotation)
    /// New score, note or evidence for an existing annotation; nil leaves a part unchanged.
    case change(id: String, score: String?, note: String??, evidence: [Sidecar.Evidence]?)
    case remove(id: String)
}

extension Sidecar {
    /// Applies `edit`, checks the result against `codebook`, and records an `annotate` event
    /// by `person` in the set of the annotation. Returns the annotation as saved (or removed).
    @discardableResult
    public mutating func apply(_ edit: AnnotationEdit, by person: String, codebook: Codebook) throws(ReviewError) -> Annotation {
        let person = person.trimmingCharacters(in: .whitespaces)
        guard !person.isEmpty else { throw .invalidInput(path: "", field: "by", message: "empty") }
        let now = Sidecar.timestamp()
        let result: Annotation
        let changes: [String]
        switch edit {
        case .add(let annotation):
            do { try add(annotation, codebook: codebook) } catch { throw .sidecar(error) }
            // As saved: code and score point spelled as the codebook's ids.
            result = annotations[annotations.count - 1]
            changes = ["added \(AnnotationSnapshot(result).summary)"]
        case .change(let id, let score, let note, let evidence):
            guard let index = annotations.firstIndex(where: { $0.id == id }) else {
                throw .unknownAnnotation(path: "", id: id)
            }
            let old = annotations[index]
            var new = old
            if let score { new.score = score }
            if let note { new.note = note }
            if let evidence { new.evidence = evidence }
            new.updatedAt = now
            // Re-added through `add` so the new values meet the same checks as a new annotation.
            annotations.remove(at: index)
            do { try add(new, codebook: codebook) } catch { throw .sidecar(error) }
            annotations.insert(annotations.removeLast(), at: index)
            result = annotations[index]
            changes = Self.describeChange(from: old, to: result)
        case .remove(let id):
            guard annotations.contains(where: { $0.id == id }) else { throw .unknownAnnotation(path: "", id: id) }
            do { result = try removeAnnotation(id: id) } catch { throw .sidecar(error) }
            changes = ["removed \(AnnotationSnapshot(result).summary)"]
        }
        try recordAnnotationEdit(by: person, segment: result.segment, changes: changes, at: now)
        return result
    }

    static func describeChange(from old: Annotation, to new: Annotation) -> [String] {
        let name = "\(new.id) \(new.code) (\(new.rater))"
        var lines: [String] = []
        if old.score != new.score { lines.append("score of \(name): \(old.score) -> \(new.score)") }
        if old.note != new.note { lines.append("note of \(name) changed") }
        if old.evidence != new.evidence {
            lines.append("evidence of \(name): \(old.evidence.count) -> \(new.evidence.count) moment(s)")
        }
        return lines.isEmpty ? ["\(name) saved unchanged"] : lines
    }
}
