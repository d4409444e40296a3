import Failures
import Foundation

/// A problem with a sidecar file, always tied to the file and, where there is one, the field.
///
/// `description` is the one line the CLI prints:
/// `clip-01.json: annotations[3].score: 'great' is not a score point of richness.explanations (...)`.
public struct SidecarError: Error, Equatable, CustomStringConvertible, Sendable, RemedyCarrying {
    public enum Kind: String, Sendable, Codable {
        case notFound            // no such file
        case unreadable          // a directory, no permission, I/O error
        case invalidJSON         // not JSON at all
        case schema              // JSON, but not a version-1 sidecar (missing field, wrong type, bad value)
        case newerVersion        // schemaVersion above what this ClipCoach writes: never rewritten
        case unknownCodebook     // annotations name a codebook that is not loaded
        case unknownCode         // a code id the codebook does not have
        case wrongScale          // a score point that is not on the code's scale
        case outOfRange          // a time outside the clip or lesson, a segment number that does not exist
        case wrongLevel          // whole-lesson code on a clip or segment, segment code without a segment
        case unknownAnnotation   // --remove of an id that is not there
        case exists              // create without overwrite, and the file is there
        case conflict            // the file kept changing under us; retry
        case cannotCreate        // the folder is missing or read-only, the file is read-only
        case writeFailed         // disk full, I/O error
    }

    public let kind: Kind
    /// The sidecar's path as the caller gave it.
    public let path: String
    /// Where in the file: `annotations[3].score`, `clip.duration`; nil for the file as a whole.
    public let field: String?
    public let message: String
    /// What the user can do about it (each face names it in its own words).
    public let remedy: Remedy?

    public init(_ kind: Kind, path: String, field: String? = nil, message: String, remedy: Remedy? = nil) {
        self.kind = kind
        self.path = path
        self.field = field
        self.remedy = remedy
        // One line, whatever the cause said.
        self.message = message.replacingOccurrences(of: "\n", with: " ")
    }

    public var description: String {
        [path.isEmpty ? nil : path, field, message].compactMap { $0 }.joined(separator: ": ")
    }

    /// The same problem reported against another file name (checks run before the path is known).
    func at(_ path: String) -> SidecarError { SidecarError(kind, path: path, field: field, message: message, remedy: remedy) }
}

/// Turns a coding path into the field name people read: `annotations[3].evidence[0].time`.
func fieldName(_ path: [CodingKey]) -> String? {
    var text = ""
    for key in path {
        if let index = key.intValue {
            text += "[\(index)]"
        } else if key.stringValue.hasPrefix("Index "), let index = Int(key.stringValue.dropFirst(6)) {
            // Some decoders name array positions "Index N" instead of giving an intValue.
            text += "[\(index)]"
        } else {
            text += text.isEmpty ? key.stringValue : "." + key.stringValue
        }
    }
    return text.isEmpty ? nil : text
}

/// Describes a JSONDecoder failure as a field and a short reason.
func describe(_ error: DecodingError) -> (field: String?, message: String) {
    switch error {
    case .keyNotFound(let key, let context):
        let parent = fieldName(context.codingPath)
        return (parent.map { "\($0).\(key.stringValue)" } ?? key.stringValue, "missing")
    case .typeMismatch(let type, let context):
        return (fieldName(context.codingPath), "expected \(jsonTypeName(type))")
    case .valueNotFound(let type, let context):
        return (fieldName(context.codingPath), "expected \(jsonTypeName(type)), found null")
    case .dataCorrupted(let context):
        return (fieldName(context.codingPath), context.debugDescription)
    @unknown default:
        return (nil, "\(error)")
    }
}

private func jsonTypeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Int.Type, is Int64.Type: "a whole number"
    case is Double.Type: "a number"
    case is Bool.Type: "true or false"
    default:
        "\(type)".hasPrefix("Array") ? "an array" : "an object"
    }
}
