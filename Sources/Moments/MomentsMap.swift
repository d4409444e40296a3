import Foundation

/// How talk moves and talk shares count toward each MQI code: data, not code
/// (Resources/moments-map-v1.json; replaceable with `--moments-map FILE`).
public struct MomentsMap: Sendable, Equatable, Codable {
    public struct Weights: Sendable, Equatable, Codable {
        public var moves: [String: Double]
        public var studentShare: Double
        public var waitTime: Double
        public var studentStretch: Double
    }

    public var format: String
    public var version: Int
    public var about: String?
    public var `default`: Weights
    public var codes: [String: Weights]

    public func weights(for code: String) -> Weights { codes[code] ?? `default` }

    /// The map shipped with ClipCoach. The only place that reads the resource.
    public static func shipped() throws(MomentsError) -> MomentsMap {
        guard let url = Bundle.module.url(forResource: "moments-map-v1", withExtension: "json") else {
            throw MomentsError("the moments map is missing from this installation")
        }
        return try load(url)
    }

    public static func load(_ url: URL) throws(MomentsError) -> MomentsMap {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw MomentsError("cannot read the moments map \(url.lastPathComponent): \(error.localizedDescription)")
        }
        let map: MomentsMap
        do { map = try JSONDecoder().decode(MomentsMap.self, from: data) } catch {
            throw MomentsError("\(url.lastPathComponent) is not a moments map: \(error)")
        }
        guard map.format == "clipcoach-moments-map", map.version == 1 else {
            throw MomentsError("\(url.lastPathComponent): format must be clipcoach-moments-map version 1")
        }
        let known = Set(TalkMoveNamesList.all)
        for (code, weights) in [("default", map.default)] + map.codes.map({ ($0.key, $0.value) }) {
            if let unknown = weights.moves.keys.first(where: { !known.contains($0) }) {
                throw MomentsError("\(url.lastPathComponent): \(code): \(unknown) is not a talk move (\(TalkMoveNamesList.all.joined(separator: ", ")))")
            }
        }
        return map
    }
}

public struct MomentsError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
