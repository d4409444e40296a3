import Foundation

/// JSON to write, with keys in the order given: an OTIO file opens with `OTIO_SCHEMA` and a
/// Web Annotation with `@context`, as their specifications show them, and exports are stable.
indirect enum JSONNode {
    case object([(String, JSONNode)])
    case array([JSONNode])
    case string(String)
    case integer(Int64)
    /// Written in Swift's shortest form that reads back as the same double (`300.5`, `29.97002997002997`).
    case number(Double)
    case bool(Bool)
    case null

    /// `nil` becomes JSON null.
    static func optional(_ text: String?) -> JSONNode { text.map(JSONNode.string) ?? .null }

    /// Pretty-printed with four-space indents and a final newline.
    func pretty() -> String {
        var out = ""
        write(to: &out, indent: 0, pretty: true, escapeMarkup: false)
        return out + "\n"
    }

    /// One line. With `escapeMarkup`, `<`, `>` and `&` are written as `\u003c`... so the text can
    /// sit inside WebVTT cue text (where `-->` would end the cue) or HTML unchanged in meaning.
    func compact(escapeMarkup: Bool = false) -> String {
        var out = ""
        write(to: &out, indent: 0, pretty: false, escapeMarkup: escapeMarkup)
        return out
    }

    private func write(to out: inout String, indent: Int, pretty: Bool, escapeMarkup: Bool) {
        let newline = pretty ? "\n" : ""
        let pad = { (level: Int) in pretty ? String(repeating: " ", count: level * 4) : "" }
        switch self {
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (index, (key, value)) in members.enumerated() {
                out += pad(indent + 1) + JSONNode.quoted(key, escapeMarkup: escapeMarkup) + (pretty ? ": " : ":")
                value.write(to: &out, indent: indent + 1, pretty: pretty, escapeMarkup: escapeMarkup)
                out += (index == members.count - 1 ? "" : ",") + newline
            }
            out += pad(indent) + "}"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (index, item) in items.enumerated() {
                out += pad(indent + 1)
                item.write(to: &out, indent: indent + 1, pretty: pretty, escapeMarkup: escapeMarkup)
                out += (index == items.count - 1 ? "" : ",") + newline
            }
            out += pad(indent) + "]"
        case .string(let text):
            out += JSONNode.quoted(text, escapeMarkup: escapeMarkup)
        case .integer(let value):
            out += String(value)
        case .number(let value):
            // JSON has no NaN or infinity; callers only pass finite values, this keeps the file valid anyway.
            out += value.isFinite ? value.description : "null"
        case .bool(let value):
            out += value ? "true" : "false"
        case .null:
            out += "null"
        }
    }

    static func quoted(_ text: String, escapeMarkup: Bool) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<" where escapeMarkup, ">" where escapeMarkup, "&" where escapeMarkup:
                out += unicodeEscape(scalar.value)
            // Line and paragraph separators end lines in JavaScript and some text formats.
            case "\u{2028}", "\u{2029}":
                out += unicodeEscape(scalar.value)
            default:
                if scalar.value < 0x20 { out += unicodeEscape(scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
