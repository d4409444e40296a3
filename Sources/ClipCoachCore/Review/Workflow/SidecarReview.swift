import Foundation

// The review record lives in the sidecar's top-level `review` field. The Sidecar model keeps
// fields it does not model in `unknownFields`, so the record is read from and written to
// there: every ClipCoach writer (annotate, tag, ...) carries it through unchanged.

extension Sidecar {
    /// The sidecar's top-level key for the review record.
    public static let reviewKey = "review"

    /// The review record; empty when nothing was ever submitted.
    public func reviewRecord() throws(ReviewError) -> ReviewRecord {
        guard let value = unknownFields[Sidecar.reviewKey] else { return ReviewRecord() }
        do {
            let data = try JSONEncoder().encode(value)
            return try JSONDecoder().decode(ReviewRecord.self, from: data)
        } catch let error as DecodingError {
            let (field, message) = describe(error)
            throw .invalidRecord(path: "", field: field, message: message)
        } catch {
            throw .invalidRecord(path: "", field: nil, message: "\(error)")
        }
    }

    public mutating func setReviewRecord(_ record: ReviewRecord) throws(ReviewError) {
        do {
            let data = try JSONEncoder().encode(record)
            unknownFields[Sidecar.reviewKey] = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .invalidRecord(path: "", field: nil, message: "cannot encode: \(error)")
        }
    }

    /// The state of one annotation set (nil segment: the clip, or a lesson's whole-lesson codes).
    public func reviewState(segment: Int?) throws(ReviewError) -> ReviewState {
        try reviewRecord().set(segment: segment)?.state ?? .draft
    }

    /// The annotations that belong to a set: those with the same segment.
    public func annotations(inSet segment: Int?) -> [Annotation] {
        annotations.filter { $0.segment == segment }
    }

    /// The annotations of a set that stand accepted: each one is as the last acceptance saw it
    /// (same id, code and score in its snapshot). One added or rescored since is not accepted.
    /// Empty when the set was never accepted, changes were requested since, or its record
    /// cannot be read.
    public func acceptedAnnotations(inSet segment: Int?) -> [Annotation] {
        // An edit after the acceptance puts the set back to draft (it must be reviewed again), but
        // what the lead accepted stays accepted where it is unchanged; a request for changes does not.
        guard let set = (try? reviewRecord())?.set(segment: segment), set.state != .changesRequested,
              let acceptance = set.events.last(where: { $0.action == .accept && $0.to == .accepted }),
              let snapshot = acceptance.snapshot else { return [] }
        return annotations(inSet: segment).filter { annotation in
            snapshot.contains { $0.id == annotation.id && $0.code == annotation.code && $0.score == annotation.score }
        }
    }

    /// The sets a sidecar has: one for a clip; for a lesson, its whole-lesson codes and each segment.
    public var reviewSetSegments: [Int?] {
        switch kind {
        case .clip: [nil]
        case .lesson: [nil] + (segments ?? []).map { Optional($0.number) }
        }
    }

    /// Submits, accepts or requests changes to a set, recording the event; returns it.
    /// `at` is the event's time; the caller saves the sidecar (see `ReviewStore`).
    @discardableResult
    public mutating func review(_ action: ReviewAction, by person: String, segment: Int?, comment: String? = nil,
                                at time: String = Sidecar.timestamp()) throws(ReviewError) -> ReviewEvent {
        let person = person.trimmingCharacters(in: .whitespaces)
        let comment = comment.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        guard !person.isEmpty else { throw .invalidInput(path: "", field: "reviewer", message: "empty") }
        if action == .requestChanges && comment == nil {
            throw .invalidInput(path: "", field: "comment", message: "say what should change")
        }
        if action == .annotate {
            throw .invalidInput(path: "", field: "action", message: "annotation edits are recorded by applying them")
        }
        try requireSet(segment)

        var record = try reviewRecord()
        var set = record.set(segment: segment) ?? ReviewSet(segment: segment, updatedAt: time)
        guard let next = action.next(from: set.state) else {
            throw .notAllowed(path: "", action: action, state: set.state)
        }
        if action.isDecision, let submitter = set.submittedBy, PersonName.same(submitter, person) {
            throw .ownWork(path: "", reviewer: person)
        }

        let current = annotations(inSet: segment).map(AnnotationSnapshot.init)
        let takesSnapshot = action != .comment
        let event = ReviewEvent(at: time, by: person, action: action, from: set.state, to: next, comment: comment,
                                revision: revision + 1,
                                changes: takesSnapshot ? Self.changes(since: set.lastSnapshot, to: current) : [],
                                snapshot: takesSnapshot ? current : nil)
        set.state = next
        if action == .submit { set.submittedBy = person }
        set.updatedAt = time
        set.events.append(event)
        record.put(set)
        try setReviewRecord(record)
        return event
    }

    /// Records an annotation edit (`changes` says what) in the trail of its set; an edit to a
    /// submitted or accepted set puts it back to draft. Returns the event.
    @discardableResult
    public mutating func recordAnnotationEdit(by person: String, segment: Int?, changes: [String],
                                              at time: String = Sidecar.timestamp()) throws(ReviewError) -> ReviewEvent {
        var record = try reviewRecord()
        var set = record.set(segment: segment) ?? ReviewSet(segment: segment, updatedAt: time)
        let next = ReviewAction.annotate.next(from: set.state) ?? set.state
        let event = ReviewEvent(at: time, by: person, action: .annotate, from: set.state, to: next,
                                revision: revision + 1, changes: changes)
        set.state = next
        set.updatedAt = time
        set.events.append(event)
        record.put(set)
        try setReviewRecord(record)
        return event
    }

    /// Throws unless `segment` names a set of this sidecar.
    func requireSet(_ segment: Int?) throws(ReviewError) {
        guard let segment else { return }
        switch kind {
        case .clip:
            throw .noSuchSet(path: "", message: "a clip sidecar has no segments: its one set is the whole clip")
        case .lesson:
            guard segments?.contains(where: { $0.number == segment }) == true else {
                throw .noSuchSet(path: "", message: "\(segment) is not a segment of this lesson (1...\(segments?.count ?? 0))")
            }
        }
    }

    /// What differs between two snapshots of a set, one line per annotation.
    static func changes(since old: [AnnotationSnapshot]?, to new: [AnnotationSnapshot]) -> [String] {
        guard let old else {
            return new.isEmpty ? ["no annotations"] : new.map { "added \($0.summary)" }
        }
        let before = Dictionary(old.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        let after = Set(new.map(\.id))
        var lines: [String] = []
        for annotation in new {
            guard let previous = before[annotation.id] else {
                lines.append("added \(annotation.summary)")
                continue
            }
            if previous.score != annotation.score {
                lines.append("score of \(annotation.id) \(annotation.code) (\(annotation.rater)): \(previous.score) -> \(annotation.score)")
            }
        }
        for annotation in old where !after.contains(annotation.id) {
            lines.append("removed \(annotation.summary)")
        }
        return lines
    }
}

extension ReviewRecord {
    /// Replaces the set with the same segment, or adds it (sets kept in segment order).
    mutating func put(_ set: ReviewSet) {
        if let index = sets.firstIndex(where: { $0.segment == set.segment }) {
            sets[index] = set
        } else {
            sets.append(set)
            sets.sort { ($0.segment ?? 0) < ($1.segment ?? 0) }
        }
    }
}

extension ReviewSet {
    /// The annotations as the latest submit or decision saw them.
    var lastSnapshot: [AnnotationSnapshot]? { events.last { $0.snapshot != nil }?.snapshot }
}
