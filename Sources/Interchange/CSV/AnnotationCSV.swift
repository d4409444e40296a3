import ClipCoachCore
import Foundation

/// Annotations as a spreadsheet: one row per annotation (docs/interchange.md, "CSV").
///
/// `evidence` holds one moment per line, `SECONDS` or `SECONDS=COMMENT` (the `--at` form of
/// `clipcoach annotate`), seconds on the sidecar's own timeline; in a comment `\` is written
/// `\\`, a line break `\n` and a carriage return `\r`.
enum AnnotationCSV {
    enum Column: String, CaseIterable {
        case sidecar, id, code, score, rater, role, segment, evidence, note, createdAt, updatedAt
    }

    static let required: [Column] = [.code, .score, .rater]

    // MARK: - Writing

    static func render(_ sources: [LoadedSidecar]) -> String {
        var text = CSVTable.line(Column.allCases.map(\.rawValue))
        for source in sources {
            for annotation in source.sidecar.annotations {
                text += CSVTable.line([
                    source.sidecar.id, annotation.id, annotation.code, annotation.score, annotation.rater,
                    annotation.role.rawValue, annotation.segment.map(String.init) ?? "",
                    annotation.evidence.map(evidenceText).joined(separator: "\n"),
                    annotation.note ?? "", annotation.createdAt, annotation.updatedAt,
                ])
            }
        }
        return text
    }

    private static func evidenceText(_ moment: Sidecar.Evidence) -> String {
        let time = Milliseconds.decimalSeconds(Milliseconds.from(seconds: moment.time))
        guard let comment = moment.comment else { return time }
        let escaped = comment.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
        return time + "=" + escaped
    }

    // MARK: - Reading

    /// The rows for `target` (all rows when the file has no `sidecar` column, or leaves it empty).
    static func read(_ text: String, file: String, target: Sidecar) throws(InterchangeError) -> ImportReading {
        let records: [CSVTable.Record]
        do throws(CSVTable.SyntaxError) { records = try CSVTable.parse(text) } catch {
            throw InterchangeError(.badData, path: file, location: "line \(error.line)", message: error.message)
        }
        guard let header = records.first else {
            throw InterchangeError(.badData, path: file, message: "empty: expected a header row (\(Column.allCases.map(\.rawValue).joined(separator: ",")))")
        }
        var columns: [Column: Int] = [:]
        var notes: [String] = []
        for (index, name) in header.fields.enumerated() {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let column = Column.allCases.first(where: { $0.rawValue.lowercased() == trimmed.lowercased() }) else {
                if !trimmed.isEmpty { notes.append("ignored column '\(trimmed)'") }
                continue
            }
            if columns[column] != nil {
                throw InterchangeError(.badData, path: file, location: "line \(header.line)", message: "column '\(column.rawValue)' appears twice")
            }
            columns[column] = index
        }
        let missing = required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw InterchangeError(.badData, path: file, location: "line \(header.line)",
                                   message: "the header lacks \(missing.map { "'\($0.rawValue)'" }.joined(separator: ", ")) (a header row names the columns: \(Column.allCases.map(\.rawValue).joined(separator: ",")))")
        }

        var annotations: [ImportedAnnotation] = []
        var otherSidecars: [String] = []
        for record in records.dropFirst() {
            let row = Row(record: record, columns: columns, width: header.fields.count, file: file)
            if let owner = row[.sidecar], !owner.isEmpty, owner != target.id {
                if !otherSidecars.contains(owner) { otherSidecars.append(owner) }
                continue
            }
            annotations.append(try row.annotation())
        }
        if annotations.isEmpty, !otherSidecars.isEmpty {
            throw InterchangeError(.badData, path: file,
                                   message: "no rows for sidecar '\(target.id)' (the file has rows for \(otherSidecars.joined(separator: ", ")))")
        }
        if !otherSidecars.isEmpty { notes.append("skipped the rows of other sidecars: \(otherSidecars.joined(separator: ", "))") }
        return ImportReading(annotations: annotations, notes: notes)
    }

    /// One data row, read by column name.
    private struct Row {
        let record: CSVTable.Record
        let columns: [Column: Int]
        /// Fields in the header row.
        let width: Int
        let file: String

        subscript(column: Column) -> String? {
            guard let index = columns[column], index < record.fields.count else { return nil }
            return record.fields[index]
        }

        var origin: String { "line \(record.line)" }

        func problem(_ column: Column, _ message: String) -> InterchangeError {
            InterchangeError(.badData, path: file, location: "\(origin): column '\(column.rawValue)'", message: message)
        }

        func text(_ column: Column) -> String? {
            guard let value = self[column], !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            return value
        }

        func required(_ column: Column) throws(InterchangeError) -> String {
            guard let value = text(column) else { throw problem(column, "empty") }
            return value.trimmingCharacters(in: .whitespaces)
        }

        func annotation() throws(InterchangeError) -> ImportedAnnotation {
            if record.fields.count > width {
                throw InterchangeError(.badData, path: file, location: origin,
                                       message: "\(record.fields.count) fields but the header names \(width) (an unquoted comma?)")
            }
            var role = Sidecar.Annotation.Role.rater
            if let text = text(.role) {
                guard let named = Sidecar.Annotation.Role(rawValue: text.trimmingCharacters(in: .whitespaces)) else {
                    throw problem(.role, "'\(text)' is not a role (coach, teacher, rater)")
                }
                role = named
            }
            var segment: Int?
            if let text = text(.segment) {
                guard let number = Int(text.trimmingCharacters(in: .whitespaces)), number >= 1 else {
                    throw problem(.segment, "'\(text)' is not a segment number (1, 2, ...)")
                }
                segment = number
            }
            return ImportedAnnotation(
                origin: origin, id: text(.id)?.trimmingCharacters(in: .whitespaces),
                code: try required(.code), score: try required(.score), rater: try required(.rater), role: role,
                note: text(.note).map { _ in self[.note] ?? "" }, segment: segment, evidence: try evidence(),
                createdAt: text(.createdAt)?.trimmingCharacters(in: .whitespaces),
                updatedAt: text(.updatedAt)?.trimmingCharacters(in: .whitespaces))
        }

        private func evidence() throws(InterchangeError) -> [Sidecar.Evidence] {
            guard let cell = text(.evidence) else { return [] }
            let lines = cell.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
            var moments: [Sidecar.Evidence] = []
            for (index, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let time: Double
                do throws(Timecode.ParseError) { time = try Timecode.parse(String(parts[0])) } catch {
                    throw problem(.evidence, "moment \(index + 1): \(error.description)")
                }
                let comment = parts.count > 1 ? unescape(String(parts[1])) : nil
                moments.append(Sidecar.Evidence(time: time, comment: comment?.isEmpty == true ? nil : comment))
            }
            return moments
        }

        /// `\\` -> `\`, `\n` -> line break, `\r` -> carriage return; any other `\x` stays as written.
        private func unescape(_ text: String) -> String {
            var out = ""
            var escaping = false
            for character in text {
                if escaping {
                    switch character {
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    case "\\": out.append("\\")
                    default: out.append("\\"); out.append(character)
                    }
                    escaping = false
                } else if character == "\\" {
                    escaping = true
                } else {
                    out.append(character)
                }
            }
            if escaping { out.append("\\") }
            return out
        }
    }
}
