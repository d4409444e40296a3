/// RFC 4180 CSV: fields separated by commas, records by line breaks (CRLF written, CRLF, LF or
/// CR read), a field with a comma, quote or line break in double quotes with inner quotes
/// doubled. Fields are kept exactly, spaces included; a UTF-8 byte order mark (as spreadsheets
/// write) is skipped. The one CSV reader and writer: cut lists (`ClipSpec.parseCSV`,
/// `clipcoach export --format cut-list`) and annotation tables (Interchange) both use it.
public enum CSVTable {
    public struct Record: Sendable, Equatable {
        /// The line the record starts on, from 1.
        public let line: Int
        public let fields: [String]
    }

    public struct SyntaxError: Error, Sendable, Equatable {
        public let line: Int
        public let message: String
    }

    /// Every record, blank lines left out.
    public static func parse(_ text: String) throws(SyntaxError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1, recordLine = 1
        var quoted = false, afterQuote = false, fieldStarted = false
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }

        func endRecord() {
            fields.append(field)
            // A blank line is a record of one empty field: not data.
            if !(fields.count == 1 && fields[0].isEmpty && !fieldStarted) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            fieldStarted = false
            afterQuote = false
        }

        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if quoted {
                if scalar == "\"" {
                    if index < scalars.count, scalars[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if scalar == "\n" || (scalar == "\r" && (index >= scalars.count || scalars[index] != "\n")) { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                fields.append(field)
                field = ""
                afterQuote = false
                fieldStarted = true
            case "\r", "\n":
                if scalar == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                guard field.isEmpty, !afterQuote else {
                    throw SyntaxError(line: line, message: "a quote inside a field that does not start with one (quote the whole field and double inner quotes)")
                }
                quoted = true
                fieldStarted = true
            default:
                if afterQuote {
                    throw SyntaxError(line: line, message: "'\(Character(scalar))' after a closing quote (expected a comma or the end of the line)")
                }
                field.unicodeScalars.append(scalar)
                fieldStarted = true
            }
        }
        if quoted { throw SyntaxError(line: recordLine, message: "a quoted field is never closed") }
        if fieldStarted || !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// One record with its line break (CRLF, as RFC 4180 writes).
    public static func line(_ fields: [String]) -> String {
        fields.map(quotedIfNeeded).joined(separator: ",") + "\r\n"
    }

    /// Quotes fields holding a comma, quote or line break, or spaces at either end (which some
    /// readers would trim).
    public static func quotedIfNeeded(_ field: String) -> String {
        let special = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        let padded = field.first?.isWhitespace == true || field.last?.isWhitespace == true
        guard special || padded else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
