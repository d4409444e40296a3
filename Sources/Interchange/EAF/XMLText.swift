/// Escaping text for XML 1.0 so that a parser gives back exactly the characters written.
enum XMLText {
    /// Element content: `&`, `<`, `>` as entities; a carriage return as `&#13;` (a parser would
    /// turn a raw one into a newline).
    static func content(_ text: String) -> String {
        escape(text, attribute: false)
    }

    /// Attribute values: also `"` and the whitespace a parser would fold into spaces
    /// (tab, newline, carriage return) as character references.
    static func attribute(_ text: String) -> String {
        escape(text, attribute: true)
    }

    /// Characters XML 1.0 cannot hold at all, not even as references (most control characters).
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// `Name` in the sense of xsd:ID / NCName, ASCII only: a letter or `_`, then letters, digits, `.`, `-`, `_`.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII,
              first.properties.isAlphabetic || first == "_" else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    private static func escape(_ text: String, attribute: Bool) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\r": out += "&#13;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            default:
                // Not representable in XML 1.0: written as U+FFFD REPLACEMENT CHARACTER.
                if isAllowed(scalar) { out.unicodeScalars.append(scalar) } else { out += "\u{FFFD}" }
            }
        }
        return out
    }
}

/// A small XML writer: elements with attributes in the order given, indented, escaped.
struct XMLWriter {
    private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var depth = 0

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        text += indent + "<" + name + Self.attributes(attributes) + ">\n"
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        text += indent + "</" + name + ">\n"
    }

    mutating func empty(_ name: String, _ attributes: [(String, String)] = []) {
        text += indent + "<" + name + Self.attributes(attributes) + "/>\n"
    }

    /// `<NAME attributes>text</NAME>` on one line.
    mutating func leaf(_ name: String, _ attributes: [(String, String)] = [], text content: String) {
        text += indent + "<" + name + Self.attributes(attributes) + ">" + XMLText.content(content) + "</" + name + ">\n"
    }

    private var indent: String { String(repeating: "    ", count: depth) }

    private static func attributes(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(XMLText.attribute($0.1))\"" }.joined()
    }
}
