import Foundation

/// An observation instrument as data: domains, codes and their score scales.
///
/// The MQI 4-point (2014) codebook ships as a resource (`Codebook.mqi`); a school can
/// load its own in the same format (`Codebook.load(path:)`, Schemas/codebook-v1.schema.json).
public struct Codebook: Sendable, Equatable, Codable {
    public static let schemaName = "clipcoach.codebook"
    public static let currentSchemaVersion = 1

    public var schema: String
    public var schemaVersion: Int
    /// Stable id sidecars refer to, e.g. `mqi-4point-2014`.
    public var id: String
    /// Version of this data file; recorded in sidecars beside the id.
    public var version: String
    public var name: String
    /// In display order.
    public var domains: [Domain]
    public var scales: [Scale]
    /// In display order.
    public var codes: [Code]

    public init(id: String, version: String, name: String, domains: [Domain], scales: [Scale], codes: [Code]) {
        self.schema = Codebook.schemaName
        self.schemaVersion = Codebook.currentSchemaVersion
        self.id = id
        self.version = version
        self.name = name
        self.domains = domains
        self.scales = scales
        self.codes = codes
    }

    public struct Domain: Sendable, Equatable, Codable {
        public var id: String
        public var name: String
        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// Where a code is scored: per scoring segment, or once for the whole lesson.
    public enum Level: String, FileEnum {
        case segment, lesson
        public static let fieldDescription = "code level"
    }

    public struct Code: Sendable, Equatable, Codable {
        public var id: String
        public var name: String
        /// A domain id.
        public var domain: String
        public var level: Level
        /// True where a higher score point means a worse lesson (MQI Errors and Imprecision).
        public var higherIsWorse: Bool
        /// A scale id.
        public var scale: String

        public init(id: String, name: String, domain: String, level: Level, higherIsWorse: Bool = false, scale: String) {
            self.id = id
            self.name = name
            self.domain = domain
            self.level = level
            self.higherIsWorse = higherIsWorse
            self.scale = scale
        }
    }

    /// Score points from lowest to highest.
    public struct Scale: Sendable, Equatable, Codable {
        public var id: String
        public var name: String
        public var points: [ScorePoint]
        public init(id: String, name: String, points: [ScorePoint]) {
            self.id = id
            self.name = name
            self.points = points
        }
    }

    public struct ScorePoint: Sendable, Equatable, Codable {
        public var id: String
        public var label: String
        public init(id: String, label: String) {
            self.id = id
            self.label = label
        }
    }
}

// MARK: - Lookups

extension Codebook {
    public func code(_ id: String) -> Code? { codes.first { $0.id == id } }

    public func domain(_ id: String) -> Domain? { domains.first { $0.id == id } }

    public func scale(id: String) -> Scale? { scales.first { $0.id == id } }

    public func scale(for code: Code) -> Scale? { scale(id: code.scale) }

    public func codes(in domain: Domain) -> [Code] { codes.filter { $0.domain == domain.id } }

    /// 0-based position of a score point on the code's scale (0 = lowest); nil if not on it.
    public func rank(of point: String, in code: Code) -> Int? {
        scale(for: code)?.points.firstIndex { $0.id == point }
    }

    /// The score point itself, for its label.
    public func point(_ point: String, in code: Code) -> ScorePoint? {
        scale(for: code)?.points.first { $0.id == point }
    }

    /// Whether score point `a` describes better teaching than `b` on this code, honouring
    /// `higherIsWorse`. False when either is not on the code's scale, or they are equal.
    public func isBetter(_ a: String, than b: String, in code: Code) -> Bool {
        guard let goodA = goodness(of: a, in: code), let goodB = goodness(of: b, in: code) else { return false }
        return goodA > goodB
    }

    /// What a sidecar records about this codebook.
    public var reference: Sidecar.CodebookReference { Sidecar.CodebookReference(id: id, version: version) }
}
