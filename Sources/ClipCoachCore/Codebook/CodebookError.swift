import Foundation

/// A problem with a codebook file, naming the file and the field.
public struct CodebookError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable, Codable {
        case notFound       // no such file (or the bundled resource is missing)
        case unreadable
        case invalidJSON
        case invalid        // JSON, but not a valid version-1 codebook
    }

    public let kind: Kind
    public let path: String
    public let field: String?
    public let message: String

    public init(_ kind: Kind, path: String, field: String? = nil, message: String) {
        self.kind = kind
        self.path = path
        self.field = field
        self.message = message.replacingOccurrences(of: "\n", with: " ")
    }

    public var description: String {
        if let field { return "\(path): \(field): \(message)" }
        return "\(path): \(message)"
    }
}
