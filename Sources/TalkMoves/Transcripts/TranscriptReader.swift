import Foundation

/// Reads WebVTT (`<v Name>` voices), SRT (`Name:` prefixes) and TalkMoves-style TSV / CSV
/// (columns `speaker`, `sentence`, optional `timestamp`). The format comes from the file's
/// extension, else from its first line.
public enum TranscriptReader {
    public static func read(path: String) throws(TranscriptError) -> Transcript {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TranscriptError("cannot read \(path): \(error.localizedDescription)")
        }
        return try parse(data, fileName: path)
    }

    public static func parse(_ data: Data, fileName: String) throws(TranscriptError) -> Transcript {
        let text = try TranscriptText.decode(data)
        let lines = TranscriptText.lines(text)
        switch format(of: fileName, firstLine: lines.first ?? "") {
        case .webvtt: return Transcript(format: .webvtt, lines: try CueReader.read(lines, webVTT: true))
        case .srt: return Transcript(format: .srt, lines: try CueReader.read(lines, webVTT: false))
        case .tsv: return Transcript(format: .tsv, lines: try TableReader.read(lines, separator: "\t"))
        case .csv: return Transcript(format: .csv, lines: try TableReader.read(lines, separator: ","))
        }
    }

    static func format(of fileName: String, firstLine: String) -> Transcript.Format {
        switch URL(fileURLWithPath: fileName).pathExtension.lowercased() {
        case "vtt": return .webvtt
        case "srt": return .srt
        case "tsv", "tab": return .tsv
        case "csv": return .csv
        default:
            if firstLine.hasPrefix("WEBVTT") { return .webvtt }
            if firstLine.contains("\t") { return .tsv }
            if firstLine.trimmingCharacters(in: .whitespaces).allSatisfy(\.isNumber) { return .srt }
            return .csv
        }
    }
}

/// WebVTT and SRT: blocks separated by blank lines, each with a `start --> end` line.
enum CueReader {
    static func read(_ lines: [String], webVTT: Bool) throws(TranscriptError) -> [Transcript.Line] {
        var index = 0
        if webVTT {
            guard let first = lines.first, first.hasPrefix("WEBVTT") else {
                throw TranscriptError(line: 1, "a WebVTT file must start with WEBVTT")
            }
            index = 1
        }
        var result: [Transcript.Line] = []
        while index < lines.count {
            if lines[index].trimmingCharacters(in: .whitespaces).isEmpty { index += 1; continue }
            let blockStart = index
            var block: [String] = []
            while index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
                block.append(lines[index])
                index += 1
            }
            if webVTT, let head = block.first, head.hasPrefix("NOTE") || head.hasPrefix("STYLE") || head.hasPrefix("REGION") { continue }
            guard let timingOffset = block.firstIndex(where: { $0.contains("-->") }), timingOffset <= 1 else {
                throw TranscriptError(line: blockStart + 1, "expected a timing line like `00:01:02.000 --> 00:01:05.000`")
            }
            let timingLine = blockStart + timingOffset + 1
            let (start, end) = try timing(block[timingOffset], line: timingLine, webVTT: webVTT)
            let body = block[(timingOffset + 1)...]
            let cueText = body.joined(separator: " ")
            let (speaker, text) = webVTT ? voice(cueText) : namePrefix(cueText)
            result.append(Transcript.Line(fileLine: timingLine, speaker: speaker, text: text, start: start, end: end))
        }
        return result
    }

    private static func timing(_ line: String, line number: Int, webVTT: Bool) throws(TranscriptError) -> (Double, Double) {
        let parts = line.components(separatedBy: "-->")
        let startText = parts[0].trimmingCharacters(in: .whitespaces)
        let endText = (parts.count > 1 ? parts[1] : "").trimmingCharacters(in: .whitespaces)
            .split(separator: " ").first.map(String.init) ?? ""
        let separatorOK = webVTT ? !startText.contains(",") : true
        guard parts.count == 2, separatorOK, startText.contains(":"), let start = TranscriptTime.parse(startText),
              let end = TranscriptTime.parse(endText) else {
            throw TranscriptError(line: number, "cannot read the times in `\(line)`")
        }
        guard end >= start else {
            throw TranscriptError(line: number, "the cue ends (\(endText)) before it starts (\(startText))")
        }
        return (start, end)
    }

    /// `<v Ms. Lee>text</v>` or `<v.loud Ms. Lee>text`; other tags are dropped.
    static func voice(_ text: String) -> (String, String) {
        var speaker = ""
        if let open = text.range(of: "<v"), let close = text[open.upperBound...].firstIndex(of: ">") {
            let inside = text[open.upperBound..<close]
            if inside.first == " " || inside.first == "." || inside.first == "\t" {
                let afterClasses = inside.drop(while: { $0 != " " && $0 != "\t" })
                speaker = afterClasses.trimmingCharacters(in: .whitespaces)
            }
        }
        return (speaker, unescape(stripTags(text)))
    }

    /// SRT speakers: `Ms. Lee: text`, `T: text`, `[S2] text`.
    static func namePrefix(_ text: String) -> (String, String) {
        let plain = stripTags(text).trimmingCharacters(in: .whitespaces)
        if plain.hasPrefix("["), let close = plain.firstIndex(of: "]") {
            let name = plain[plain.index(after: plain.startIndex)..<close]
            return (String(name).trimmingCharacters(in: .whitespaces),
                    plain[plain.index(after: close)...].trimmingCharacters(in: .whitespaces))
        }
        if let colon = plain.firstIndex(of: ":") {
            let name = plain[..<colon]
            // A name is short and has no sentence punctuation; "Answer: 12" style text is rare enough.
            if !name.isEmpty, name.count <= 30, name.split(separator: " ").count <= 3,
               !name.contains(where: { "?!,;\"".contains($0) }), !(name.first?.isNumber ?? true) {
                return (name.trimmingCharacters(in: .whitespaces),
                        plain[plain.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
        }
        return ("", plain)
    }

    static func stripTags(_ text: String) -> String {
        var out = ""
        var inTag = false
        for character in text {
            if character == "<" { inTag = true; continue }
            if character == ">" && inTag { inTag = false; continue }
            if !inTag { out.append(character) }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// TSV / CSV with a header row naming `speaker` and `sentence` (or `text`), and optionally
/// `timestamp` (or `start`, `time`) and `end`. One transcript line per row, in order.
enum TableReader {
    static func read(_ lines: [String], separator: Character) throws(TranscriptError) -> [Transcript.Line] {
        let records = try records(lines, separator: separator)
        guard let (headerLine, header) = records.first else { throw TranscriptError(line: 1, "the file is empty") }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ choices: [String]) -> Int? { choices.lazy.compactMap { names.firstIndex(of: $0) }.first }
        guard let speakerColumn = column(["speaker"]), let textColumn = column(["sentence", "text"]) else {
            throw TranscriptError(line: headerLine, "the header row must name the columns speaker and sentence (found: \(names.joined(separator: ", ")))")
        }
        let timeColumn = column(["timestamp", "start", "time"])
        let endColumn = column(["end"])
        var result: [Transcript.Line] = []
        for (lineNumber, fields) in records.dropFirst() {
            if fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard fields.count == names.count else {
                throw TranscriptError(line: lineNumber, "\(fields.count) columns where the header has \(names.count)")
            }
            var start: Double?
            var end: Double?
            if let timeColumn {
                let raw = fields[timeColumn].trimmingCharacters(in: .whitespaces)
                if !raw.isEmpty {
                    // `01:02`, `00:01:02`, or a range `00:01:02 - 00:01:09`.
                    let ends = raw.split(separator: "-", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard let first = TranscriptTime.parse(ends[0]) else {
                        throw TranscriptError(line: lineNumber, "cannot read the time `\(raw)`")
                    }
                    start = first
                    if ends.count == 2 {
                        guard let last = TranscriptTime.parse(ends[1]) else {
                            throw TranscriptError(line: lineNumber, "cannot read the time `\(raw)`")
                        }
                        end = last
                    }
                }
            }
            if let endColumn, !fields[endColumn].trimmingCharacters(in: .whitespaces).isEmpty {
                guard let last = TranscriptTime.parse(fields[endColumn]) else {
                    throw TranscriptError(line: lineNumber, "cannot read the end time `\(fields[endColumn])`")
                }
                end = last
            }
            result.append(Transcript.Line(fileLine: lineNumber, speaker: fields[speakerColumn].trimmingCharacters(in: .whitespaces),
                                          text: fields[textColumn].trimmingCharacters(in: .whitespaces), start: start, end: end))
        }
        return result
    }

    /// Records with the 1-based line they start on. CSV fields may be quoted (RFC 4180, quotes
    /// doubled, line breaks inside quotes); TSV fields are taken as they are.
    static func records(_ lines: [String], separator: Character) throws(TranscriptError) -> [(Int, [String])] {
        var result: [(Int, [String])] = []
        var index = 0
        while index < lines.count {
            let startLine = index + 1
            if separator == "\t" {
                if !(index == lines.count - 1 && lines[index].isEmpty) {
                    result.append((startLine, lines[index].components(separatedBy: "\t")))
                }
                index += 1
                continue
            }
            var fields: [String] = []
            var field = ""
            var quoted = false
            var line = Array(lines[index])
            var position = 0
            while true {
                if position >= line.count {
                    if quoted {
                        index += 1
                        guard index < lines.count else { throw TranscriptError(line: startLine, "a quoted field is never closed") }
                        field.append("\n")
                        line = Array(lines[index])
                        position = 0
                        continue
                    }
                    fields.append(field)
                    break
                }
                let character = line[position]
                position += 1
                if quoted {
                    if character == "\"" {
                        if position < line.count && line[position] == "\"" { field.append("\""); position += 1 } else { quoted = false }
                    } else {
                        field.append(character)
                    }
                } else if character == "\"" && field.isEmpty {
                    quoted = true
                } else if character == separator {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(character)
                }
            }
            if !(index == lines.count - 1 && fields == [""]) { result.append((startLine, fields)) }
            index += 1
        }
        return result
    }
}
