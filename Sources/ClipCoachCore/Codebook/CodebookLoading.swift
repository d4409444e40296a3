import Foundation

extension Codebook {
    /// The id of the MQI 4-point (2014) codebook that ships with ClipCoach.
    public static let mqiID = "mqi-4point-2014"

    /// The MQI 4-point (2014) codebook, read once from the copy embedded in the binary.
    public static var mqi: Codebook {
        get throws(CodebookError) { try bundledMQI.get() }
    }

    private static let bundledMQI: Result<Codebook, CodebookError> = {
        let name = "\(mqiID).json"
        guard let data = EmbeddedResources.data("Resources/\(name)") else {
            return .failure(CodebookError(.notFound, path: name,
                                          message: "the built-in MQI codebook is missing from the build"))
        }
        return Result { () throws(CodebookError) -> Codebook in
            let codebook = try decode(data, path: name)
            if let problem = codebook.problems(path: name).first { throw problem }
            return codebook
        }
    }()

    /// A codebook shipped with ClipCoach, by id (only MQI today).
    public static func builtIn(id: String) -> Codebook? {
        guard id == mqiID else { return nil }
        return try? mqi
    }

    /// Reads and validates a codebook file; the first problem found is thrown.
    public static func load(path: String) throws(CodebookError) -> Codebook {
        let codebook = try decode(readFile(path), path: path)
        if let problem = codebook.problems(path: path).first { throw problem }
        return codebook
    }

    static func readFile(_ path: String) throws(CodebookError) -> Data {
        do {
            return try FileContents.read(path)
        } catch {
            switch error {
            case .notFound: throw CodebookError(.notFound, path: path, message: "no such codebook file")
            case .unreadable(let why): throw CodebookError(.unreadable, path: path, message: "cannot read: \(why)")
            }
        }
    }

    /// Parses codebook JSON without checking how the parts refer to each other (see `problems`).
    public static func decode(_ data: Data, path: String) throws(CodebookError) -> Codebook {
        guard (try? JSONSerialization.jsonObject(with: data)) != nil else {
            throw CodebookError(.invalidJSON, path: path, message: "not valid JSON")
        }
        do {
            return try JSONDecoder().decode(Codebook.self, from: data)
        } catch let error as DecodingError {
            let (field, message) = describe(error)
            throw CodebookError(.invalid, path: path, field: field, message: message)
        } catch {
            throw CodebookError(.invalid, path: path, message: "\(error)")
        }
    }

    /// Every problem with this codebook, one per field: duplicate ids, unknown or empty
    /// scales, unknown domains. Empty when the codebook is usable.
    public func problems(path: String) -> [CodebookError] {
        var problems: [CodebookError] = []
        func problem(_ field: String, _ message: String) {
            problems.append(CodebookError(.invalid, path: path, field: field, message: message))
        }

        if schema != Codebook.schemaName {
            problem("schema", "'\(schema)' is not '\(Codebook.schemaName)'")
        }
        if schemaVersion > Codebook.currentSchemaVersion {
            problem("schemaVersion", "\(schemaVersion) is newer than this ClipCoach reads (\(Codebook.currentSchemaVersion))")
        } else if schemaVersion < 1 {
            problem("schemaVersion", "\(schemaVersion) is not a codebook format version (1)")
        }
        if !isIdentifier(id) { problem("id", "'\(id)' is not an id (letters, digits, . - _; no spaces)") }
        if version.isEmpty { problem("version", "empty") }
        if codes.isEmpty { problem("codes", "a codebook needs at least one code") }

        var domainIDs: Set<String> = []
        for (index, domain) in domains.enumerated() {
            if !isIdentifier(domain.id) { problem("domains[\(index)].id", "'\(domain.id)' is not an id") }
            if !domainIDs.insert(domain.id).inserted {
                problem("domains[\(index)].id", "duplicate domain id '\(domain.id)'")
            }
        }

        var scaleIDs: Set<String> = []
        for (index, scale) in scales.enumerated() {
            if !isIdentifier(scale.id) { problem("scales[\(index)].id", "'\(scale.id)' is not an id") }
            if !scaleIDs.insert(scale.id).inserted {
                problem("scales[\(index)].id", "duplicate scale id '\(scale.id)'")
            }
            // A scale with fewer than two points cannot tell one lesson from another.
            if scale.points.count < 2 {
                problem("scales[\(index)].points", "scale '\(scale.id)' needs at least 2 score points, has \(scale.points.count)")
            }
            var pointIDs: Set<String> = []
            for (pointIndex, point) in scale.points.enumerated() {
                if !isIdentifier(point.id) {
                    problem("scales[\(index)].points[\(pointIndex)].id", "'\(point.id)' is not an id")
                }
                if !pointIDs.insert(point.id).inserted {
                    problem("scales[\(index)].points[\(pointIndex)].id",
                            "duplicate score point id '\(point.id)' in scale '\(scale.id)'")
                }
            }
        }

        var codeIDs: Set<String> = []
        for (index, code) in codes.enumerated() {
            if !isIdentifier(code.id) { problem("codes[\(index)].id", "'\(code.id)' is not an id") }
            if !codeIDs.insert(code.id).inserted { problem("codes[\(index)].id", "duplicate code id '\(code.id)'") }
            if code.name.isEmpty { problem("codes[\(index)].name", "empty") }
            if !domainIDs.contains(code.domain) {
                problem("codes[\(index)].domain",
                        "unknown domain '\(code.domain)' (known: \(domains.map(\.id).joined(separator: ", ")))")
            }
            if !scaleIDs.contains(code.scale) {
                problem("codes[\(index)].scale",
                        "unknown scale '\(code.scale)' (known: \(scales.map(\.id).joined(separator: ", ")))")
            }
        }
        return problems
    }
}

/// Ids are used on command lines and in file names: no spaces, no surprises.
func isIdentifier(_ text: String) -> Bool {
    !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
        scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
    }
}
