import Foundation

/// The trained linear tagger: int8 weights per hashed feature and move, one scale and one bias
/// per move, for each role. File layout (written by Scripts/train-talkmoves.py):
/// `CCTM`, a little-endian UInt32 header length, the JSON header, then each role's weights,
/// feature-major (for feature f, the weights of every move of the role in a row).
public struct TalkMoveModel: Sendable {
    struct RoleWeights: Sendable {
        let moves: [String]
        let weights: [Int8]          // features x moves
        let scales: [Float]
        let bias: [Float]
    }

    let features: TalkMoveFeatures
    /// Lessons of the training data left out of this model, to measure it on (see the tests).
    public let heldOutLessons: [String]
    let teacher: RoleWeights
    let student: RoleWeights

    /// The model shipped with ClipCoach. The only place that reads the resource.
    public static func shipped() throws(TalkMoveModelError) -> TalkMoveModel {
        guard let url = Bundle.module.url(forResource: "talkmoves-v1", withExtension: "bin") else {
            throw TalkMoveModelError("the talk-move model is missing from this installation")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TalkMoveModelError("cannot read the talk-move model: \(error.localizedDescription)")
        }
        return try TalkMoveModel(data: data)
    }

    private struct Header: Decodable {
        struct Role: Decodable {
            let moves: [String]
            let offset: Int
            let length: Int
            let scales: [Double]
            let bias: [Double]
        }
        let format: String
        let version: Int
        let hashBits: Int
        let hash: String
        let stopwords: [String]
        let roles: [String: Role]
        let heldOutLessons: [String]?
    }

    public init(data: Data) throws(TalkMoveModelError) {
        let bytes = [UInt8](data)
        guard bytes.count >= 8, bytes[0..<4].elementsEqual("CCTM".utf8) else {
            throw TalkMoveModelError("not a talk-move model file")
        }
        let headerLength = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        guard headerLength > 0, 8 + headerLength <= bytes.count else { throw TalkMoveModelError("talk-move model header is cut short") }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: Data(bytes[8..<(8 + headerLength)])) } catch {
            throw TalkMoveModelError("talk-move model header is not valid: \(error)")
        }
        guard header.format == "clipcoach-talkmoves", header.version == 1, header.hash == "fnv1a32",
              (8...24).contains(header.hashBits) else {
            throw TalkMoveModelError("talk-move model format \(header.format) v\(header.version) is not supported")
        }
        let dimension = 1 << header.hashBits
        let body = 8 + headerLength
        func role(_ name: String, _ expected: [String]) throws(TalkMoveModelError) -> RoleWeights {
            guard let role = header.roles[name], role.moves == expected,
                  role.scales.count == expected.count, role.bias.count == expected.count,
                  role.length == dimension * expected.count, role.offset >= 0,
                  body + role.offset + role.length <= bytes.count else {
                throw TalkMoveModelError("talk-move model has no valid \(name) weights")
            }
            let start = body + role.offset
            let weights = bytes[start..<(start + role.length)].map { Int8(bitPattern: $0) }
            return RoleWeights(moves: role.moves, weights: weights,
                               scales: role.scales.map { Float($0) }, bias: role.bias.map { Float($0) })
        }
        teacher = try role("teacher", TalkMoveNames.teacher)
        student = try role("student", TalkMoveNames.student)
        heldOutLessons = header.heldOutLessons ?? []
        features = TalkMoveFeatures(hashMask: UInt32(dimension - 1), stopwords: Set(header.stopwords))
    }
}

public struct TalkMoveModelError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Tags every sentence of a transcript, in order, with its talk move.
public struct TalkMoveTagger: Sendable {
    public let model: TalkMoveModel

    public init(model: TalkMoveModel) { self.model = model }

    public func tag(_ sentences: [TalkSentence]) -> [TalkMoveTag] {
        let rows = model.features.features(of: sentences)
        return zip(sentences, rows).map { sentence, features in
            let weights = sentence.role == .teacher ? model.teacher : model.student
            return TalkMoveTag(role: sentence.role, move: weights.moves[Self.best(weights, features)])
        }
    }

    /// Integer sums of the int8 weights, then the float scale and bias: the same arithmetic as
    /// `predict_quantized` in the training script, so the argmax matches it exactly.
    static func best(_ weights: TalkMoveModel.RoleWeights, _ features: [Int]) -> Int {
        let moves = weights.moves.count
        var sums = [Int32](repeating: 0, count: moves)
        weights.weights.withUnsafeBufferPointer { table in
            for feature in features {
                let row = feature * moves
                for move in 0..<moves { sums[move] &+= Int32(table[row + move]) }
            }
        }
        var best = 0
        var bestScore = -Float.infinity
        for move in 0..<moves {
            let score = Float(sums[move]) * weights.scales[move] + weights.bias[move]
            if score > bestScore { best = move; bestScore = score }
        }
        return best
    }
}
