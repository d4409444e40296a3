import Foundation

/// Adding, changing and removing annotations, the same for every face (`clipcoach annotate`
/// and the review page): the input limits, the edit checked against the codebook, the
/// `annotate` event in the trail of the annotation's set with its effect on the set's state
/// (a submitted or accepted set goes back to draft), saved atomically under the file lock.
/// Faces parse, call one of these, and print or encode what it returns.
public enum AnnotationService {
    public static let maxNameLength = SafeText.maxNameLength
    public static let maxTextLength = SafeText.maxTextLength
    public static let maxMoments = 50

    /// Adds `new` to the sidecar at `url`, recorded as done by `person` (default: the rater).
    /// `lessonEvidence` are moments on the lesson's timeline, converted with the clip's start
    /// when saved; a moment outside the clip is refused, naming the clip's window.
    @discardableResult
    public static func add(_ new: Sidecar.Annotation, lessonEvidence: [Sidecar.Evidence] = [], at url: URL,
                           by person: String? = nil, expectedRevision: Int? = nil,
                           codebook: Codebook) throws(ReviewError) -> (sidecar: Sidecar, annotation: Sidecar.Annotation) {
        let by = person ?? new.rater
        try checkName(new.rater, field: "rater")
        try checkName(by, field: "by")
        try checkText(new.note, field: "note")
        try checkMoments(new.evidence + lessonEvidence)
        var annotation = new
        annotation.rater = new.rater.trimmingCharacters(in: .whitespaces)
        annotation.note = new.note.flatMap { $0.isEmpty ? nil : $0 }
        let shown = url.relativePath
        return try save(at: url, expectedRevision: expectedRevision, codebook: codebook) { sidecar throws(ReviewError) in
            var placed = annotation
            for moment in lessonEvidence {
                do throws(SidecarError) {
                    placed.evidence.append(Sidecar.Evidence(time: try sidecar.timelineTime(fromLessonTime: moment.time, path: shown),
                                                            comment: moment.comment))
                } catch {
                    throw .sidecar(error)
                }
            }
            return try sidecar.apply(.add(placed), by: by, codebook: codebook)
        }
    }

    /// A new score, note or evidence for annotation `id`; nil leaves that part as it is
    /// (an empty note removes the note).
    @discardableResult
    public static func change(id: String, score: String?, note: String?, evidence: [Sidecar.Evidence]?, at url: URL,
                              by person: String, expectedRevision: Int? = nil,
                              codebook: Codebook) throws(ReviewError) -> (sidecar: Sidecar, annotation: Sidecar.Annotation) {
        try checkName(person, field: "by")
        try checkText(note, field: "note")
        if let evidence { try checkMoments(evidence) }
        let edit = AnnotationEdit.change(id: id, score: score, note: note.map { $0.isEmpty ? nil : $0 }, evidence: evidence)
        return try save(at: url, expectedRevision: expectedRevision, codebook: codebook) { sidecar throws(ReviewError) in
            try sidecar.apply(edit, by: person, codebook: codebook)
        }
    }

    /// Removes annotation `id`; returns it as it was.
    @discardableResult
    public static func remove(id: String, at url: URL, by person: String, expectedRevision: Int? = nil,
                              codebook: Codebook) throws(ReviewError) -> (sidecar: Sidecar, annotation: Sidecar.Annotation) {
        try checkName(person, field: "by")
        return try save(at: url, expectedRevision: expectedRevision, codebook: codebook) { sidecar throws(ReviewError) in
            try sidecar.apply(.remove(id: id), by: person, codebook: codebook)
        }
    }

    /// A person's name: not empty, not too long, nothing invisible or misleading in it.
    public static func checkName(_ name: String, field: String) throws(ReviewError) {
        if let problem = SafeText.problem(inPersonName: name, field: field) { throw unsafe(problem, field) }
    }

    /// A note or comment: not too long, nothing invisible or misleading in it.
    public static func checkText(_ text: String?, field: String) throws(ReviewError) {
        guard let text else { return }
        guard text.count <= maxTextLength else {
            throw .invalidInput(path: "", field: field, message: "longer than \(maxTextLength) characters")
        }
        if let problem = SafeText.problem(inNote: text, field: field) { throw unsafe(problem, field) }
    }

    /// Evidence moments: not too many, their comments checked as text.
    public static func checkMoments(_ moments: [Sidecar.Evidence]) throws(ReviewError) {
        guard moments.count <= maxMoments else {
            throw .invalidInput(path: "", field: "evidence", message: "more than \(maxMoments) moments")
        }
        for moment in moments { try checkText(moment.comment, field: "evidence comment") }
    }

    /// SafeText's line ("field: contains ...") as an input error of that field.
    private static func unsafe(_ problem: String, _ field: String) -> ReviewError {
        let prefix = field + ": "
        return .invalidInput(path: "", field: field, message: problem.hasPrefix(prefix) ? String(problem.dropFirst(prefix.count)) : problem)
    }

    private static func save(at url: URL, expectedRevision: Int?, codebook: Codebook,
                             _ edit: (inout Sidecar) throws(ReviewError) -> Sidecar.Annotation)
        throws(ReviewError) -> (sidecar: Sidecar, annotation: Sidecar.Annotation) {
        var result: Sidecar.Annotation?
        let saved = try ReviewStore.update(at: url, codebook: codebook, expectedRevision: expectedRevision) { sidecar throws(ReviewError) in
            result = try edit(&sidecar)
        }
        guard let result else { throw .invalidRecord(path: url.relativePath, field: nil, message: "the edit was not applied") }
        return (saved, result)
    }
}
