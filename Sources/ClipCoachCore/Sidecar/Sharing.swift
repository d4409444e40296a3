import Failures
import Foundation

/// Who may see a lesson or clip (docs/sidecar.md, "Sharing"). Classroom video shows children
/// and teachers; schools allow it only with consent, so everything starts private.
public enum SharingStatus: String, Sendable, Codable, CaseIterable, Comparable {
    /// Only its own teacher's cycles and the coaches. The default, also for sidecars written
    /// before sharing existed.
    case `private`
    /// Also raters, for review and double scoring.
    case coaching
    /// Cleared to show other teachers as an exemplar (the library clip of a cycle).
    case library

    /// Whether raters (`review serve`) may see it: `coaching` and `library`, never `private`.
    public var reachesRaters: Bool { self != .private }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

/// The sidecar's `sharing` object: the status, the consent note, and who changed it when.
public struct SharingRecord: Sendable, Equatable, Codable {
    public struct Event: Sendable, Equatable, Codable {
        public var at: String
        public var by: String
        public var from: SharingStatus
        public var to: SharingStatus
        public var consentNote: String?
    }

    public var status: SharingStatus
    /// What the consent covers (form, date, scope), as the person who set the status wrote it.
    public var consentNote: String?
    public var events: [Event]

    public init(status: SharingStatus = .private, consentNote: String? = nil, events: [Event] = []) {
        self.status = status
        self.consentNote = consentNote
        self.events = events
    }
}

extension Sidecar {
    static let sharingKey = "sharing"

    /// The sharing record; a sidecar without one (or with one this version cannot read) is private.
    public var sharing: SharingRecord {
        guard let value = unknownFields[Sidecar.sharingKey],
              let data = try? JSONEncoder().encode(value),
              let record = try? JSONDecoder().decode(SharingRecord.self, from: data) else {
            return SharingRecord()
        }
        return record
    }

    public var sharingStatus: SharingStatus { sharing.status }

    /// Sets the status (and the consent note, when given; required for `library`) and records who did it and when.
    public mutating func setSharing(_ status: SharingStatus, by person: String, consentNote: String?,
                                    at time: String = Sidecar.timestamp()) throws(SidecarError) {
        let person = person.trimmingCharacters(in: .whitespaces)
        guard !person.isEmpty else { throw SidecarError(.schema, path: "", field: "sharing.by", message: "say who sets the sharing status") }
        // Every face's rule for what people type (`clipcoach tag`, the studio, the review page).
        if let problem = SafeText.problem(inPersonName: person, field: "sharing.by") {
            throw SidecarError(.schema, path: "", field: nil, message: problem)
        }
        if let consentNote, let problem = SafeText.problem(inNote: consentNote, field: "sharing.consentNote") {
            throw SidecarError(.schema, path: "", field: nil, message: problem)
        }
        if let consentNote, consentNote.count > SafeText.maxTextLength {
            throw SidecarError(.schema, path: "", field: "sharing.consentNote", message: "longer than \(SafeText.maxTextLength) characters")
        }
        var record = sharing
        let note = consentNote.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        // Showing a clip to other teachers needs consent, and the record says what it covers.
        if status == .library && note == nil {
            throw SidecarError(.schema, path: "", field: "sharing.consentNote",
                               message: "say what the consent covers when clearing a clip for the library", remedy: .consentNote)
        }
        record.events.append(.init(at: time, by: person, from: record.status, to: status, consentNote: note))
        record.status = status
        if let note { record.consentNote = note }
        do {
            let data = try JSONEncoder().encode(record)
            unknownFields[Sidecar.sharingKey] = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw SidecarError(.schema, path: "", field: "sharing", message: "cannot encode: \(error)")
        }
    }
}
