import ArgumentParser
import ClipCoachCore
import Foundation

struct CodebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codebook",
        abstract: "Print the codebook's domains, codes and score scales.",
        discussion: """
        The built-in codebook is the MQI 4-point version (2014): code names and scales \
        only, not the rubric's descriptive text. Use these code and score point ids with \
        `clipcoach annotate --code ID --score POINT`. --codebook FILE shows another \
        instrument in the same format (Schemas/codebook-v1.schema.json). --schema \
        sidecar|codebook prints a format's JSON Schema, for checking files with other tools.
        """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var codebookOptions: CodebookOptions

    @Flag(help: "Print the codebook as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Print the JSON Schema of a file format instead (sidecar or codebook).",
                               valueName: "format"))
    var schema: String?

    func run() throws {
        global.bootstrap()
        if let schema {
            guard let text = FormatSchemas.text(schema) else {
                Output.problem("no schema for '\(schema)' (known: \(FormatSchemas.names.joined(separator: ", ")))")
                throw ExitStatus.usage.exitCode
            }
            print(text, terminator: "")
            return
        }
        let codebook: Codebook
        do { codebook = try codebookOptions.load() } catch { throw SidecarCommand.fail(error) }
        if json {
            try Output.json(codebook)
        } else {
            CodebookReport.text(for: codebook).forEach { Output.line($0) }
        }
    }
}

/// The readable form of a codebook: domains with their codes, then the scales.
enum CodebookReport {
    static func text(for codebook: Codebook) -> [String] {
        var lines = ["\(codebook.name)", "codebook \(codebook.id), version \(codebook.version)"]
        for domain in codebook.domains {
            let codes = codebook.codes(in: domain)
            guard !codes.isEmpty else { continue }
            var notes: [String] = []
            if codes.allSatisfy(\.higherIsWorse) { notes.append("higher is worse") }
            if codes.allSatisfy({ $0.level == .lesson }) { notes.append("whole lesson: lesson sidecars, no --segment") }
            lines.append("")
            lines.append(domain.name + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"))
            let rows = codes.map { code -> [String] in
                let points = codebook.scale(for: code)?.points.map(\.id).joined(separator: " | ") ?? "?"
                var name = code.name
                if code.higherIsWorse && !codes.allSatisfy(\.higherIsWorse) { name += " (higher is worse)" }
                if code.level == .lesson && !codes.allSatisfy({ $0.level == .lesson }) { name += " (whole lesson)" }
                return [code.id, name, points]
            }
            lines += TextColumns.render(rows, indent: "  ")
        }
        lines.append("")
        lines.append("Scales (lowest first)")
        lines += TextColumns.render(codebook.scales.map { scale in
            [scale.id, scale.points.map { $0.id == $0.label ? $0.id : "\($0.id) (\($0.label))" }.joined(separator: " < ")]
        }, indent: "  ")
        return lines
    }
}
