import Foundation

/// How people are matched: "Ana", " ana ", "ＡＮＡ" (fullwidth) and "Ａna" are one person. Every
/// rule that compares people (own work, "another teacher's clip", rater filters) compares keys.
public enum PersonName {
    /// Trimmed, runs of spaces made one, Unicode NFKC, case-folded, with the invisible
    /// default-ignorable characters (zero-width space and joiners, soft hyphen, BOM...) dropped:
    /// "an\u{200B}a" written into a sidecar by hand is still "ana".
    public static func key(_ name: String) -> String {
        var visible = String.UnicodeScalarView()
        visible.append(contentsOf: name.unicodeScalars.filter { !$0.properties.isDefaultIgnorableCodePoint })
        let words = String(visible).precomposedStringWithCompatibilityMapping
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return words.folding(options: [.caseInsensitive, .widthInsensitive], locale: nil)
            .lowercased().precomposedStringWithCompatibilityMapping
    }

    public static func same(_ a: String, _ b: String) -> Bool { key(a) == key(b) }
}

/// Characters refused in what people type as names, labels and tags, and escaped when printed
/// to a terminal: control and invisible format characters (ESC starts sequences that rewrite the screen; a newline
/// fakes a line), and the invisible bidirectional controls that show text in another order
/// than it is stored.
public enum SafeText {
    /// The bidi embeddings, overrides, isolates and marks, and the line and paragraph separators.
    static let invisibleControls: Set<UInt32> = [0x061C, 0x200E, 0x200F, 0x2028, 0x2029,
                                                 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                                 0x2066, 0x2067, 0x2068, 0x2069]

    /// Control characters (C0, DEL, C1 such as U+009B, the one-byte CSI), format characters
    /// (category Cf: zero-width space and joiners U+200B-200D, word joiner and invisible
    /// operators U+2060-2064, U+206A-206F, BOM U+FEFF, soft hyphen U+00AD, U+180E, U+FFF9-FFFB,
    /// the tag characters U+E0000-E007F): they make two names look alike or hide text.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format: return true
        default: return invisibleControls.contains(scalar.value) || (0xE0000...0xE007F).contains(scalar.value)
                     || scalar.value == 0x180E
        }
    }

    /// The longest name or label a person may type (the review page and studio inputs take as many).
    public static let maxNameLength = 100
    /// The longest note, comment or consent note.
    public static let maxTextLength = 4000

    /// Why `value` cannot be a person's name or a clip's label: empty, longer than
    /// `maxNameLength`, or holding a character refused in names. `field` names it in the message.
    public static func problem(inPersonName value: String, field: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "\(field): empty" }
        if trimmed.count > maxNameLength { return "\(field): longer than \(maxNameLength) characters" }
        return problem(inName: value, field: field)
    }

    /// Why `value` cannot be a name, label or tag, or nil. `field` names it in the message.
    public static func problem(inName value: String, field: String) -> String? {
        guard let bad = value.unicodeScalars.first(where: isUnsafe) else { return nil }
        return "\(field): contains the control character \(escaped(String(bad))); names, labels and tags are one line of visible text"
    }

    /// Why `value` cannot be a note or comment, or nil: as names, but line breaks and tabs are kept.
    public static func problem(inNote value: String, field: String) -> String? {
        guard let bad = value.unicodeScalars.first(where: { isUnsafe($0) && !["\n", "\r", "\t"].contains($0) }) else {
            return nil
        }
        return "\(field): contains the control character \(escaped(String(bad)))"
    }

    /// The text with every unsafe character written as `\u{1B}` (newline as `\n`, tab kept),
    /// so it prints as one line and cannot drive a terminal.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t": out.unicodeScalars.append(scalar)
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case _ where isUnsafe(scalar): out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
