import Foundation
import Testing

/// Messages from services and libraries are shown by the web page too, so they name no
/// command-line flag: they say it in the user's words, and an error that has a remedy names
/// it as a `Remedy` the CLI turns into its flag (Sources/clipcoach/Support/RemedyHint.swift).
@Suite struct ServiceMessagesTests {
    /// Every string literal in Sources outside the CLI (and the C shim) that names a flag
    /// (`--word`), with its file and line. Comments and CSS custom properties do not count.
    static func flagMentions() throws -> [String] {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let skipped = ["clipcoach", "CMedia", "CFFmpeg", "embed-resources"]
        // ICU (NSRegularExpression) has the look-behind: "--x" not inside a word like "a--b".
        let flag = try NSRegularExpression(pattern: #""[^"\n]*(?<![\w-])--[a-z][a-z-]*[^"\n]*""#)
        var found: [String] = []
        let walker = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            let relative = String(url.path.dropFirst(sources.path.count + 1))
            guard url.pathExtension == "swift", !skipped.contains(where: { relative.hasPrefix($0 + "/") }) else { continue }
            let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
            for (number, line) in lines.enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") || code.contains("var(--") || code.contains(": #") { continue }
                if flag.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil { found.append("\(relative):\(number + 1): \(code)") }
            }
        }
        return found
    }

    @Test func noServiceMessageNamesAFlag() throws {
        let mentions = try Self.flagMentions()
        #expect(mentions.isEmpty, "\(mentions.joined(separator: "\n"))")
    }
}
