import Foundation

/// Review actions and reviewed annotation edits, saved through `SidecarStore.update`: atomic,
/// locked, re-applied on a fresh read, never over an invalid file.
///
/// `expectedRevision` is the revision the person was looking at (the review page sends it).
/// When the file has moved on, the change is refused with `.staleRevision` instead of being
/// merged: the person decided on something they have not seen.
public enum ReviewStore {
    /// Runs `change` on the current sidecar and saves it. Returns the saved sidecar.
    @discardableResult
    public static func update(at url: URL, codebook: Codebook, expectedRevision: Int? = nil,
                              _ change: (inout Sidecar) throws(ReviewError) -> Void) throws(ReviewError) -> Sidecar {
        let shown = url.relativePath
        // SidecarStore's closure may only throw SidecarError: a refusal is kept here and the
        // save abandoned with a stand-in error, then the refusal is thrown instead.
        var refusal: ReviewError?
        do {
            return try SidecarStore.update(at: url, codebook: codebook) { sidecar throws(SidecarError) in
                refusal = nil
                do throws(ReviewError) {
                    if let expectedRevision, sidecar.revision != expectedRevision {
                        throw .staleRevision(path: shown, expected: expectedRevision, current: sidecar.revision)
                    }
                    try change(&sidecar)
                } catch {
                    if case .sidecar(let inner) = error { throw inner }
                    refusal = error.at(shown)
                    throw SidecarError(.conflict, path: shown, message: "review change refused")
                }
            }
        } catch {
            if let refusal { throw refusal }
            throw .sidecar(error)
        }
    }

    /// Submits, accepts or requests changes to a set and saves. Returns the saved sidecar and the event.
    @discardableResult
    public static func perform(_ action: ReviewAction, at url: URL, by person: String, segment: Int? = nil,
                               comment: String? = nil, expectedRevision: Int? = nil,
                               codebook: Codebook) throws(ReviewError) -> (sidecar: Sidecar, event: ReviewEvent) {
        // The same input rules as annotation edits, for every face; refused before the file is touched.
        do {
            try AnnotationService.checkName(person, field: "reviewer")
            try AnnotationService.checkText(comment, field: "comment")
        } catch {
            throw error.at(url.relativePath)
        }
        var event: ReviewEvent?
        let saved = try update(at: url, codebook: codebook, expectedRevision: expectedRevision) { sidecar throws(ReviewError) in
            event = try sidecar.review(action, by: person, segment: segment, comment: comment)
        }
        guard let event else {
            throw .invalidRecord(path: url.relativePath, field: nil, message: "the review change was not applied")
        }
        return (saved, event)
    }

    /// Applies an annotation edit, records it in the trail of its set and saves.
    @discardableResult
    public static func edit(_ edit: AnnotationEdit, at url: URL, by person: String, expectedRevision: Int? = nil,
                            codebook: Codebook) throws(ReviewError) -> (sidecar: Sidecar, annotation: Sidecar.Annotation) {
        var result: Sidecar.Annotation?
        let saved = try update(at: url, codebook: codebook, expectedRevision: expectedRevision) { sidecar throws(ReviewError) in
            result = try sidecar.apply(edit, by: person, codebook: codebook)
        }
        guard let result else {
            throw .invalidRecord(path: url.relativePath, field: nil, message: "the edit was not applied")
        }
        return (saved, result)
    }
}
