import ClipCoachCore
import Foundation

/// Writing results: JSON for machines on stdout, one-line problems on stderr.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// One line of text for people: control and bidi characters from files (a rater's name, a
    /// note) are printed escaped, so they can neither drive the terminal nor fake a line.
    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((SafeText.escaped(text) + "\n").utf8))
    }

    /// "clipcoach: PATH: problem" on stderr.
    static func problem(_ text: String) {
        FileHandle.standardError.write(Data("clipcoach: \(SafeText.escaped(text))\n".utf8))
    }

    static func warning(_ text: String) {
        FileHandle.standardError.write(Data("clipcoach: warning: \(SafeText.escaped(text))\n".utf8))
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
