import ClipCoachCore
import Foundation

/// Reading a JSON document with every type checked and every problem named by its path
/// (`tracks.children[0].markers[2].metadata.clipcoach.annotation.score: expected a string, found 3`).
struct JSONCursor {
    let value: JSONValue
    let path: String
    let file: String

    /// Parses `data`; a syntax error names what the parser reports (it gives line and column).
    static func parse(_ data: Data, file: String) throws(InterchangeError) -> JSONCursor {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw InterchangeError(.badData, path: file, message: "not valid JSON: \(reason)")
        }
        do {
            return JSONCursor(value: try JSONDecoder().decode(JSONValue.self, from: data), path: "", file: file)
        } catch {
            throw InterchangeError(.badData, path: file, message: "not valid JSON: \(error)")
        }
    }

    func problem(_ message: String) -> InterchangeError {
        InterchangeError(.badData, path: file, location: path.isEmpty ? "the top level" : path, message: message)
    }

    /// The member `name`, nil when absent or null.
    func member(_ name: String) throws(InterchangeError) -> JSONCursor? {
        guard case .object(let members) = value else { throw problem("expected an object, found \(kind)") }
        guard let found = members[name], found != .null else { return nil }
        return JSONCursor(value: found, path: path.isEmpty ? name : "\(path).\(name)", file: file)
    }

    func required(_ name: String) throws(InterchangeError) -> JSONCursor {
        guard let found = try member(name) else {
            throw InterchangeError(.badData, path: file, location: path.isEmpty ? name : "\(path).\(name)", message: "missing")
        }
        return found
    }

    func string() throws(InterchangeError) -> String {
        guard case .string(let text) = value else { throw problem("expected a string, found \(kind)") }
        return text
    }

    func number() throws(InterchangeError) -> Double {
        switch value {
        case .integer(let whole): return Double(whole)
        case .number(let number): return number
        default: throw problem("expected a number, found \(kind)")
        }
    }

    func integer() throws(InterchangeError) -> Int {
        switch value {
        case .integer(let whole) where whole >= Int.min && whole <= Int.max: return Int(whole)
        case .number(let number) where number.rounded() == number && abs(number) < 1e15: return Int(number)
        default: throw problem("expected a whole number, found \(kind)")
        }
    }

    func array() throws(InterchangeError) -> [JSONCursor] {
        guard case .array(let items) = value else { throw problem("expected an array, found \(kind)") }
        return items.enumerated().map { JSONCursor(value: $1, path: "\(path)[\($0)]", file: file) }
    }

    func isObject() -> Bool {
        if case .object = value { return true }
        return false
    }

    /// What was found instead, for messages: `a number (3)`, `a string ('mid')`.
    var kind: String {
        switch value {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .integer(let whole): "a number (\(whole))"
        case .number(let number): "a number (\(number))"
        case .string(let text): "a string ('\(text.count > 40 ? String(text.prefix(40)) + "..." : text)')"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
