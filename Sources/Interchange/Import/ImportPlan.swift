import Failures
import ClipCoachCore
import Foundation

/// What to do with an imported annotation whose id the sidecar already has, with other content.
public enum ExistingAnnotationPolicy: String, CaseIterable, Sendable {
    /// Take the file's version (the file was edited elsewhere and brought back).
    case update
    /// Keep the sidecar's version.
    case keep
    /// Stop: nothing is saved.
    case fail
}

/// The outcome of checking an import against its target sidecar, before anything is saved.
public struct ImportPlan: Sendable {
    public var added: [String] = []
    public var updated: [String] = []
    public var unchanged: [String] = []
    /// Ids the sidecar already had with other content, kept because of `--existing keep`.
    public var kept: [String] = []
    /// Annotations the sidecar changed after the file's version was made: left alone.
    public var conflicts: [Change] = []
    /// What each update changes (and each conflict would have), field by field.
    public var changes: [Change] = []
    /// The sidecar's annotations after the import.
    public var annotations: [Sidecar.Annotation] = []

    public var changesSomething: Bool { !added.isEmpty || !updated.isEmpty }

    /// One annotation's differences, `score: mid -> high`, and the times that decided.
    public struct Change: Sendable, Equatable, Encodable {
        public struct Field: Sendable, Equatable, Encodable {
            public var field: String
            public var old: String
            public var new: String
        }
        public var id: String
        /// Where in the file.
        public var origin: String
        public var fields: [Field]
        /// The sidecar's annotation's last change, and the file's version's time (if it has one).
        public var sidecarUpdatedAt: String
        public var fileTime: String?
        /// The sidecar revision the file was exported from, when it says (EAF).
        public var fileRevision: Int?

        init(_ old: Sidecar.Annotation, _ new: Sidecar.Annotation, item: ImportedAnnotation) {
            id = old.id
            origin = item.origin
            sidecarUpdatedAt = old.updatedAt
            fileTime = item.updatedAt ?? item.exportedAt
            fileRevision = item.exportedRevision
            func text(_ value: String?) -> String { value ?? "-" }
            let moments = { (annotation: Sidecar.Annotation) in
                annotation.evidence.map { "\(Timecode.format($0.time))\($0.comment.map { "=" + $0 } ?? "")" }.joined(separator: "; ")
            }
            let pairs: [(String, String, String)] = [
                ("code", old.code, new.code), ("score", old.score, new.score), ("rater", old.rater, new.rater),
                ("role", old.role.rawValue, new.role.rawValue), ("note", text(old.note), text(new.note)),
                ("segment", text(old.segment.map(String.init)), text(new.segment.map(String.init))),
                ("evidence", moments(old), moments(new)),
            ]
            fields = pairs.filter { $0.1 != $0.2 }.map { Field(field: $0.0, old: $0.1, new: $0.2) }
        }
    }
}

/// Checks imported annotations against a sidecar and its codebook, every one before any is
/// saved, and merges them: new ids are added, equal ones left alone, changed ones handled by
/// the policy. Problems name the place in the imported file.
public enum ImportMerge {
    public static func plan(_ imported: [ImportedAnnotation], into sidecar: Sidecar, codebook: Codebook,
                            policy: ExistingAnnotationPolicy, file: String,
                            now: String = Sidecar.timestamp()) throws(InterchangeError) -> ImportPlan {
        var plan = ImportPlan()
        var merged = sidecar
        var seen: [String: String] = [:]  // id -> origin
        for item in imported {
            // Names from a file follow the same rule as typed ones: one line of visible text.
            let problem = SafeText.problem(inName: item.rater, field: "rater")
                ?? item.note.flatMap { SafeText.problem(inNote: $0, field: "note") }
                ?? item.evidence.lazy.compactMap { $0.comment.flatMap { SafeText.problem(inNote: $0, field: "evidence comment") } }.first
            if let problem { throw InterchangeError(.badData, path: file, location: item.origin, message: problem) }
            let annotation = Sidecar.Annotation(
                id: item.id ?? Sidecar.Annotation.newID(), code: item.code, score: item.score, rater: item.rater,
                role: item.role, note: item.note, segment: item.segment, evidence: item.evidence,
                createdAt: item.createdAt ?? now, updatedAt: item.updatedAt ?? item.createdAt ?? now)
            if let earlier = seen[annotation.id] {
                throw InterchangeError(.badData, path: file, location: item.origin,
                                       message: "annotation id '\(annotation.id)' appears twice (also at \(earlier))")
            }
            seen[annotation.id] = item.origin

            var next = annotation
            if let index = merged.annotations.firstIndex(where: { $0.id == annotation.id }) {
                let existing = merged.annotations[index]
                if item.matches(existing) {
                    plan.unchanged.append(annotation.id)
                    continue
                }
                switch policy {
                case .keep:
                    plan.kept.append(annotation.id)
                    continue
                case .fail:
                    throw InterchangeError(.badData, path: file, location: item.origin,
                                           message: "annotation '\(annotation.id)' differs from the one in the sidecar",
                                           remedy: .existingAnnotations)
                case .update where !item.isAtLeastAsNew(as: existing, sidecarRevision: sidecar.revision):
                    // The sidecar changed it after the file's version was made, or the file
                    // cannot say what it was made from: taking the file's could silently turn
                    // a newer edit back.
                    plan.conflicts.append(ImportPlan.Change(existing, next, item: item))
                    continue
                case .update:
                    // The sidecar's own history and fields this version does not know stay.
                    next.createdAt = existing.createdAt
                    next.updatedAt = item.updatedAt.flatMap { $0 > existing.updatedAt ? $0 : nil } ?? now
                    next.unknownFields = existing.unknownFields
                    next.evidence = zip(next.evidence.indices, next.evidence).map { index, moment in
                        var kept = moment
                        if index < existing.evidence.count, existing.evidence[index].time == moment.time {
                            kept.unknownFields = existing.evidence[index].unknownFields
                        }
                        return kept
                    }
                    try check(next, replacing: index, in: merged, codebook: codebook, origin: item.origin, file: file)
                    merged.annotations[index] = next
                    plan.updated.append(next.id)
                    plan.changes.append(ImportPlan.Change(existing, next, item: item))
                }
            } else {
                try check(next, replacing: nil, in: merged, codebook: codebook, origin: item.origin, file: file)
                try add(next, to: &merged, codebook: codebook, origin: item.origin, file: file)
                plan.added.append(next.id)
            }
        }
        plan.annotations = merged.annotations
        return plan
    }

    /// Applies a checked plan to a (possibly newer) copy of the sidecar, inside `SidecarStore.update`.
    /// Re-plans against that copy, so a concurrent edit is merged rather than overwritten.
    public static func apply(_ imported: [ImportedAnnotation], to sidecar: inout Sidecar, codebook: Codebook,
                             policy: ExistingAnnotationPolicy, file: String) throws(SidecarError) {
        do throws(InterchangeError) {
            let plan = try plan(imported, into: sidecar, codebook: codebook, policy: policy, file: file)
            if sidecar.codebook == nil, !plan.annotations.isEmpty { sidecar.codebook = codebook.reference }
            sidecar.annotations = plan.annotations
        } catch {
            throw SidecarError(.schema, path: "", message: error.description)
        }
    }

    /// The annotation's code, score point, level, segment and evidence times against the
    /// codebook and the sidecar (`Sidecar.add` does the checking), and its timestamps.
    private static func check(_ annotation: Sidecar.Annotation, replacing index: Int?, in sidecar: Sidecar,
                              codebook: Codebook, origin: String, file: String) throws(InterchangeError) {
        var probe = sidecar
        if let index { probe.annotations.remove(at: index) }
        try add(annotation, to: &probe, codebook: codebook, origin: origin, file: file)
        let field = "annotations[\(probe.annotations.count - 1)]"
        if let problem = probe.structuralProblems(path: file).first(where: { $0.field?.hasPrefix(field) == true }) {
            throw located(problem, field: field, origin: origin, file: file)
        }
    }

    private static func add(_ annotation: Sidecar.Annotation, to sidecar: inout Sidecar, codebook: Codebook,
                            origin: String, file: String) throws(InterchangeError) {
        do throws(SidecarError) {
            try sidecar.add(annotation, codebook: codebook)
        } catch {
            throw located(error, field: "annotations[\(sidecar.annotations.count)]", origin: origin, file: file)
        }
    }

    /// `annotations[3].evidence[0].time: 01:01.000 is outside the clip` found for the row at
    /// line 4 becomes `FILE: line 4: evidence[0].time: 01:01.000 is outside the clip`.
    private static func located(_ error: SidecarError, field: String, origin: String, file: String) -> InterchangeError {
        var inner = error.field ?? ""
        if inner.hasPrefix(field) { inner = String(inner.dropFirst(field.count)).trimmingCharacters(in: CharacterSet(charactersIn: ".")) }
        let location = inner.isEmpty ? origin : "\(origin): \(inner)"
        return InterchangeError(.badData, path: file, location: location, message: error.message)
    }
}
