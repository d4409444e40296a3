/// The pieces of WebVTT syntax both tracks share.
enum WebVTTText {
    struct Cue {
        let identifier: String
        let span: MillisecondSpan
        let text: String
    }

    /// The whole file: header, an optional NOTE, then the cues in the order WebVTT requires
    /// (by start time; a longer cue before the cues it contains).
    static func file(note: String?, cues: [Cue]) -> String {
        var out = "WEBVTT\n\n"
        if let note { out += "NOTE\n" + oneBlock(note) + "\n\n" }
        let ordered = cues.enumerated().sorted { a, b in
            if a.element.span.start != b.element.span.start { return a.element.span.start < b.element.span.start }
            if a.element.span.end != b.element.span.end { return a.element.span.end > b.element.span.end }
            return a.offset < b.offset
        }.map(\.element)
        for cue in ordered {
            out += identifier(cue.identifier) + "\n"
            out += Milliseconds.webVTT(cue.span.start) + " --> " + Milliseconds.webVTT(cue.span.end) + "\n"
            out += oneBlock(cue.text) + "\n\n"
        }
        return out
    }

    /// Cue text as the WebVTT parser reads it back: `&`, `<`, `>` escaped (so no `-->` can end the
    /// cue early) and line breaks kept as single newlines (a blank line would end the cue).
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Text with no blank lines (they end a block) and no `-->` (it marks a timing line).
    private static func oneBlock(_ text: String) -> String {
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let joined = lines.isEmpty ? " " : lines.joined(separator: "\n")
        return joined.replacingOccurrences(of: "-->", with: "--")
    }

    /// An identifier is one line without `-->`.
    private static func identifier(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.replacingOccurrences(of: "-->", with: "--")
    }
}
