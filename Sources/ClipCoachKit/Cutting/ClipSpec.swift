import ClipCoachCore
import Foundation

/// A clip as the coach asks for it, on the lesson's timeline (0 = first frame).
public struct ClipSpec: Equatable, Sendable {
    public var start: Double
    /// nil: to the end of the lesson.
    public var end: Double?
    public var label: String?

    public init(start: Double, end: Double?, label: String? = nil) {
        self.start = start
        self.end = end
        self.label = label
    }

    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        public let message: String
        public var description: String { message }
    }

    /// Parses `START-END[=LABEL]`; an empty END (`1:00-`) means the end of the lesson.
    public static func parse(_ text: String) throws(ParseError) -> ClipSpec {
        var body = Substring(text)
        var label: String?
        if let equals = body.firstIndex(of: "=") {
            label = String(body[body.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            body = body[..<equals]
        }
        // Times never contain '-', so the first one separates START from END.
        guard let dash = body.firstIndex(of: "-") else {
            throw ParseError(message: "clip '\(text)' must look like START-END, e.g. 1:30-3:45=warm-up")
        }
        let startText = String(body[..<dash]), endText = String(body[body.index(after: dash)...])
        return try make(startText: startText, endText: endText, label: label, context: "clip '\(text)'")
    }

    /// Parses a cut list: CSV `start,end,label` in seconds (LosslessCut's format), read
    /// as RFC 4180 (`CSVTable`: a byte order mark, quoted fields, line breaks inside quotes);
    /// optional header row, `#` comment lines, empty end = end of lesson. A line break in a
    /// label becomes a space (labels name files).
    public static func parseCSV(_ text: String, name: String) throws(ParseError) -> [ClipSpec] {
        let records: [CSVTable.Record]
        do throws(CSVTable.SyntaxError) { records = try CSVTable.parse(text) } catch {
            throw ParseError(message: "\(name):\(error.line): \(error.message)")
        }
        var specs: [ClipSpec] = []
        for (index, record) in records.enumerated() {
            let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.allSatisfy(\.isEmpty) || fields[0].hasPrefix("#") { continue }
            if index == 0, Double(fields[0]) == nil, fields[0].lowercased().contains("start") {
                continue // header
            }
            guard fields.count >= 2 else {
                throw ParseError(message: "\(name):\(record.line): expected start,end,label")
            }
            let label = fields.count >= 3
                ? fields[2].split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces) : nil
            specs.append(try make(startText: fields[0], endText: fields[1], label: label, context: "\(name):\(record.line)"))
        }
        return specs
    }

    private static func make(startText: String, endText: String, label: String?, context: String) throws(ParseError) -> ClipSpec {
        let start: Double
        do { start = try Timecode.parse(startText) } catch {
            throw ParseError(message: "\(context): start: \(error.description)")
        }
        var end: Double?
        if !endText.trimmingCharacters(in: .whitespaces).isEmpty {
            do { end = try Timecode.parse(endText) } catch {
                throw ParseError(message: "\(context): end: \(error.description)")
            }
        }
        if let end, end <= start {
            throw ParseError(message: "\(context): START (\(Timecode.format(start))) must be before END (\(Timecode.format(end)))")
        }
        let cleanLabel = label.flatMap { $0.isEmpty ? nil : $0 }
        if let cleanLabel, let problem = SafeText.problem(inName: cleanLabel, field: "\(context): label") {
            throw ParseError(message: problem)
        }
        return ClipSpec(start: start, end: end, label: cleanLabel)
    }
}
