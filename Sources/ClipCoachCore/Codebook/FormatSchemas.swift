import Foundation

/// The JSON Schemas of ClipCoach's file formats (Schemas/ in the source tree), carried in
/// the binary so an installed clipcoach can hand them to other tools.
public enum FormatSchemas {
    /// The formats with a schema, as named on the command line.
    public static let names = ["sidecar", "codebook"]

    /// The schema's JSON text, or nil for a format without one.
    public static func text(_ format: String) -> String? {
        guard names.contains(format), let data = EmbeddedResources.data("Schemas/\(format)-v1.schema.json") else {
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }
}
