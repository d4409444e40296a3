import Foundation

// Edits the CLI (and later the review server) make inside `SidecarStore.update`.
// Errors thrown here carry no path; the store adds the sidecar's.

extension Sidecar {
    /// Appends an annotation after checking it against the codebook and this sidecar:
    /// known code, score point on the code's scale, right level (whole-lesson codes on
    /// lesson sidecars without a segment; segment codes on lessons with one), segment
    /// number that exists, evidence times within the clip, lesson or segment.
    /// Code and score point may be typed in any case, the score point by its label too:
    /// the saved annotation carries the codebook's ids.
    public mutating func add(_ annotation: Annotation, codebook: Codebook) throws(SidecarError) {
        let annotation = codebook.canonical(annotation)
        if let used = self.codebook, used.id != codebook.id {
            throw SidecarError(.unknownCodebook, path: "", field: "codebook.id",
                               message: "annotations use codebook '\(used.id)' but '\(codebook.id)' is loaded (load that codebook)")
        }
        let field = "annotations[\(annotations.count)]"
        if let problem = Sidecar.check(annotation, against: codebook, in: self, field: field, path: "") {
            throw problem
        }
        if let problem = placementProblems(annotation, field: field, path: "").first { throw problem }
        if annotations.contains(where: { $0.id == annotation.id }) {
            throw SidecarError(.schema, path: "", field: "\(field).id", message: "duplicate annotation id '\(annotation.id)'")
        }
        if self.codebook == nil { self.codebook = codebook.reference }
        annotations.append(annotation)
    }

    /// Removes the annotation with this id and returns it.
    @discardableResult
    public mutating func removeAnnotation(id: String) throws(SidecarError) -> Annotation {
        guard let index = annotations.firstIndex(where: { $0.id == id }) else {
            throw SidecarError(.unknownAnnotation, path: "", field: "annotations",
                               message: "no annotation with id '\(id)'")
        }
        return annotations.remove(at: index)
    }
}

extension Codebook {
    /// The annotation with its code and score point spelled as this codebook's ids.
    func canonical(_ annotation: Sidecar.Annotation) -> Sidecar.Annotation {
        var annotation = annotation
        if let id = codeID(matching: annotation.code) { annotation.code = id }
        if let code = code(annotation.code), let point = scorePointID(matching: annotation.score, for: code) {
            annotation.score = point
        }
        return annotation
    }
}
