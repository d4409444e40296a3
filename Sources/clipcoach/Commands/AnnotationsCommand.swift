import ArgumentParser
import ClipCoachCore
import Foundation

struct AnnotationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotations",
        abstract: "List the annotations of sidecars, grouped by codebook domain.",
        discussion: """
        One bad file does not stop the others; the exit code is the worst of them. \
        --json prints one object for one file and an array for several.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Sidecars (clip-01.json, lesson.json).")
    var sidecars: [String]

    @OptionGroup var codebookOptions: CodebookOptions

    @Flag(help: "Print JSON: each file's annotations with their domain, code name and score label.")
    var json = false

    func run() throws {
        global.bootstrap()
        var worst = ExitStatus.ok
        var listings: [AnnotationListing] = []
        for (index, path) in sidecars.enumerated() {
            do {
                let sidecar = try SidecarStore.read(SidecarCommand.url(path))
                let codebook = try codebookOptions.load(for: sidecar)
                let listing = AnnotationListing(path: path, sidecar: sidecar, codebook: codebook)
                listings.append(listing)
                if !json {
                    if index > 0 { Output.line() }
                    AnnotationsReport.text(for: listing).forEach { Output.line($0) }
                }
            } catch {
                worst = max(worst, ExitStatus(anyError: error))
                Output.problem("\(error)")
            }
        }
        if json {
            if sidecars.count == 1, let only = listings.first { try Output.json(only) } else { try Output.json(listings) }
        }
        if worst != .ok { throw worst.exitCode }
    }
}

/// One sidecar's annotations, each with what the codebook says about its code.
struct AnnotationListing: Encodable {
    struct Entry: Encodable {
        let annotation: Sidecar.Annotation
        let domain: String?
        let domainName: String?
        let codeName: String?
        let scoreLabel: String?

        func encode(to encoder: Encoder) throws {
            try annotation.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encodeIfPresent(domain, forKey: .domain)
            try container.encodeIfPresent(domainName, forKey: .domainName)
            try container.encodeIfPresent(codeName, forKey: .codeName)
            try container.encodeIfPresent(scoreLabel, forKey: .scoreLabel)
        }

        enum Keys: String, CodingKey { case domain, domainName, codeName, scoreLabel }
    }

    let path: String
    let id: String
    let kind: Sidecar.Kind
    let revision: Int
    let codebook: Sidecar.CodebookReference?
    let annotations: [Entry]

    /// Kept out of the JSON: the report needs the whole sidecar and codebook.
    let sidecar: Sidecar
    let book: Codebook?

    init(path: String, sidecar: Sidecar, codebook: Codebook?) {
        self.path = path
        self.id = sidecar.id
        self.kind = sidecar.kind
        self.revision = sidecar.revision
        self.codebook = sidecar.codebook
        self.sidecar = sidecar
        self.book = codebook
        self.annotations = sidecar.annotations.map { annotation in
            let code = codebook?.code(annotation.code)
            let domain = code.flatMap { codebook?.domain($0.domain) }
            return Entry(annotation: annotation, domain: domain?.id, domainName: domain?.name, codeName: code?.name,
                         scoreLabel: code.flatMap { codebook?.point(annotation.score, in: $0)?.label })
        }
    }

    enum CodingKeys: String, CodingKey { case path, id, kind, revision, codebook, annotations }
}

/// The readable table: a header per file, then per domain one row per annotation.
enum AnnotationsReport {
    static func text(for listing: AnnotationListing) -> [String] {
        let sidecar = listing.sidecar
        var header = "\(listing.path): \(sidecar.kind.rawValue) \(sidecar.id)"
        if let clip = sidecar.clip {
            header += " \"\(clip.label)\" \(Timecode.format(clip.actualStart))-\(Timecode.format(clip.actualEnd))"
        } else if let segments = sidecar.segments {
            header += ", \(segments.count) segments over \(Timecode.format(sidecar.timelineDuration))"
        }
        header += ", revision \(sidecar.revision), \(sidecar.annotations.count) annotation\(sidecar.annotations.count == 1 ? "" : "s")"
        var lines = [header]
        let context = contextLine(sidecar.context)
        if !context.isEmpty { lines.append("  " + context) }
        if sidecar.annotations.isEmpty { return lines }

        let book = listing.book
        let codeOrder = Dictionary((book?.codes ?? []).enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let sorted = listing.annotations.sorted { a, b in
            let orderA = codeOrder[a.annotation.code] ?? Int.max, orderB = codeOrder[b.annotation.code] ?? Int.max
            if orderA != orderB { return orderA < orderB }
            if a.annotation.segment != b.annotation.segment { return (a.annotation.segment ?? 0) < (b.annotation.segment ?? 0) }
            return a.annotation.createdAt < b.annotation.createdAt
        }
        var groups: [(name: String, entries: [AnnotationListing.Entry])] = []
        for domain in book?.domains ?? [] {
            let entries = sorted.filter { $0.domain == domain.id }
            if !entries.isEmpty { groups.append((domain.name, entries)) }
        }
        let unknown = sorted.filter { $0.domain == nil }
        if !unknown.isEmpty { groups.append(("Codes not in codebook \(book?.id ?? sidecar.codebook?.id ?? "?")", unknown)) }

        for group in groups {
            lines.append("  " + group.name)
            lines += TextColumns.render(group.entries.map { row(for: $0, lesson: sidecar.kind == .lesson) }, indent: "    ")
        }
        return lines
    }

    private static func row(for entry: AnnotationListing.Entry, lesson: Bool) -> [String] {
        let annotation = entry.annotation
        var cells = [entry.codeName ?? annotation.code]
        if lesson { cells.append(annotation.segment.map { "segment \($0)" } ?? "lesson") }
        cells.append(entry.scoreLabel ?? annotation.score)
        cells.append("\(annotation.rater) (\(annotation.role.rawValue))")
        cells.append(annotation.evidence.map { evidence in
            Timecode.format(evidence.time) + (evidence.comment.map { " \"\($0)\"" } ?? "")
        }.joined(separator: ", "))
        cells.append(annotation.note.map { "\"\($0)\"" } ?? "")
        cells.append(annotation.id)
        return cells
    }

    private static func contextLine(_ context: Sidecar.Context) -> String {
        var parts: [String] = []
        if let teacher = context.teacher { parts.append("teacher \(teacher)") }
        if let grade = context.grade { parts.append("grade \(grade)") }
        if let topic = context.topic { parts.append("topic \(topic)") }
        if let date = context.lessonDate { parts.append("taught \(date)") }
        if !context.tags.isEmpty { parts.append("tags " + context.tags.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}
