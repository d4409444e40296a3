import Catalog
import ClipCoachCore
import Failures
import Foundation

/// A sidecar's context (teacher, grade, topic, lesson date, free tags) and sharing status,
/// the same for every face: what a value may hold, an empty value clearing a field, tags
/// kept once, and a sharing change recorded in the sidecar's trail with who and when, then
/// copied to the catalog (search and cycles read it there). `clipcoach tag` calls it.
public enum TagService {
    /// What to change; nil leaves a field as it is, an empty value clears it.
    public struct Change: Sendable, Equatable {
        public var teacher: String?
        public var grade: String?
        public var topic: String?
        /// `YYYY-MM-DD`.
        public var lessonDate: String?
        public var addTags: [String]
        public var removeTags: [String]
        public var sharing: SharingStatus?
        /// What the teacher's consent covers: needed to clear a clip for the library.
        public var consentNote: String?
        /// Who sets the sharing status.
        public var by: String

        public init(teacher: String? = nil, grade: String? = nil, topic: String? = nil, lessonDate: String? = nil,
                    addTags: [String] = [], removeTags: [String] = [], sharing: SharingStatus? = nil,
                    consentNote: String? = nil, by: String) {
            self.teacher = teacher
            self.grade = grade
            self.topic = topic
            self.lessonDate = lessonDate
            self.addTags = addTags
            self.removeTags = removeTags
            self.sharing = sharing
            self.consentNote = consentNote
            self.by = by
        }

        /// False when the change would leave the sidecar as it is (nothing given).
        public var changesSomething: Bool {
            [teacher, grade, topic, lessonDate].contains { $0 != nil } || !addTags.isEmpty || !removeTags.isEmpty || sharing != nil
        }
    }

    /// Why a change was not made, or was made only in part.
    public enum Failure: Error, CustomStringConvertible {
        /// The change breaks a rule by itself (nothing was read or written).
        case invalid(path: String, field: String, message: String)
        /// Refused or not saved: the sidecar is as it was.
        case sidecar(SidecarError)
        /// The sidecar holds the new sharing status but the catalog could not record it.
        case catalog(path: String, status: SharingStatus, CatalogError)

        public var description: String {
            switch self {
            case .invalid(let path, let field, let message): [path, field, message].filter { !$0.isEmpty }.joined(separator: ": ")
            case .sidecar(let error): error.description
            case .catalog(let path, let status, let error):
                "\(path): saved as '\(status.rawValue)', but the catalog could not record it: \(error.description)"
            }
        }
    }

    /// The change's own rules, before any file is read: a calendar date, no empty tag, a
    /// consent note only with a sharing status, names and notes of visible text.
    public static func check(_ change: Change, path: String) throws(Failure) {
        func refuse(_ field: String, _ message: String) -> Failure { .invalid(path: path, field: field, message: message) }
        if let date = change.lessonDate, !date.isEmpty, !Sidecar.Context.isCalendarDate(date) {
            throw refuse("context.lessonDate", "'\(date)' is not a date YYYY-MM-DD")
        }
        if change.addTags.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw refuse("context.tags", "a tag is empty")
        }
        if change.consentNote != nil && change.sharing == nil {
            throw refuse("sharing.consentNote", "a consent note goes with a sharing status")
        }
        if let note = change.consentNote, let problem = SafeText.problem(inNote: note, field: "sharing.consentNote") {
            throw .invalid(path: path, field: "", message: problem)
        }
        let named = [("context.teacher", change.teacher), ("context.grade", change.grade), ("context.topic", change.topic),
                     ("sharing.by", change.by)] + change.addTags.map { ("context.tags", Optional($0)) }
        for (field, value) in named {
            if let value, let problem = SafeText.problem(inName: value, field: field) { throw .invalid(path: path, field: "", message: problem) }
        }
    }

    /// Checks and saves `change` (atomic, locked, re-checked against `codebook`); a sharing
    /// change then goes to `catalog` too when one is given. Returns the saved sidecar.
    public static func apply(_ change: Change, at url: URL, codebook: Codebook,
                             catalog: CatalogDatabase?) throws(Failure) -> Sidecar {
        try check(change, path: url.relativePath)
        let save = { () throws(SidecarError) -> Sidecar in
            try SidecarStore.update(at: url, codebook: codebook) { sidecar throws(SidecarError) in
                apply(change, to: &sidecar.context)
                if let status = change.sharing, status != sidecar.sharingStatus || change.consentNote != nil {
                    try sidecar.setSharing(status, by: change.by, consentNote: change.consentNote)
                }
            }
        }
        guard let status = change.sharing else {
            do { return try save() } catch { throw .sidecar(error) }
        }
        let path = url.standardizedFileURL.resolvingSymlinksInPath().path
        do {
            return try SharingChange.apply(status, sidecarPath: path, catalog: catalog.map(OpenedCatalog.sqlite), writeSidecar: save)
        } catch {
            switch error {
            case .sidecar(let failure): throw .sidecar(failure)
            case .catalog(let failure): throw .catalog(path: url.relativePath, status: status, failure)
            }
        }
    }

    static func apply(_ change: Change, to context: inout Sidecar.Context) {
        func set(_ value: String?, _ field: inout String?) {
            guard let value else { return }
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            field = trimmed.isEmpty ? nil : trimmed
        }
        set(change.teacher, &context.teacher)
        set(change.grade, &context.grade)
        set(change.topic, &context.topic)
        set(change.lessonDate, &context.lessonDate)
        for name in change.addTags.map({ $0.trimmingCharacters(in: .whitespaces) }) where !context.tags.contains(name) {
            context.tags.append(name)
        }
        context.tags.removeAll { change.removeTags.contains($0) }
    }
}

extension TagService.Failure: CategorizedError, RemedyCarrying {
    public var category: FailureCategory {
        switch self {
        case .invalid: .usage
        case .sidecar(let error): FailureCategory(of: error)
        case .catalog: .io
        }
    }

    public var subject: String {
        switch self {
        case .invalid(let path, _, _): path
        case .sidecar(let error): error.path
        case .catalog(let path, _, _): path
        }
    }

    public var remedy: Remedy? {
        if case .sidecar(let error) = self { return error.remedy }
        return nil
    }
}
