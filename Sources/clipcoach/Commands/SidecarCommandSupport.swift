import ArgumentParser
import ClipCoachCore
import Foundation
import Media

// Shared by the sidecar commands (codebook, annotate, annotations, tag, validate, segment).

enum SidecarCommand {
    /// Prints the error's one line on stderr and returns the exit code to throw.
    static func fail(_ error: any Error) -> ExitCode { reportFailure(error) }

    /// The sidecar path as a URL that keeps the text the user typed for messages.
    static func url(_ path: String) -> URL { URL(fileURLWithPath: path) }

    /// Who runs the command, for trails that must say who when no name is given.
    static var loginName: String {
        let environment = ProcessInfo.processInfo.environment
        return environment["USER"] ?? environment["LOGNAME"] ?? ProcessInfo.processInfo.userName
    }
}

/// `--codebook FILE`: another instrument instead of the built-in MQI codebook.
struct CodebookOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A codebook JSON file to use instead of the built-in MQI 4-point (2014) codebook.",
                                            valueName: "file"))
    var codebook: String?

    /// The codebook to use: the file given, or the built-in MQI codebook.
    func load() throws -> Codebook {
        if let codebook { return try Codebook.load(path: codebook) }
        return try Codebook.mqi
    }

    /// The codebook for reading an existing sidecar: the file given, else the built-in one it names.
    func load(for sidecar: Sidecar) throws -> Codebook? {
        if let codebook { return try Codebook.load(path: codebook) }
        guard let used = sidecar.codebook else { return try Codebook.mqi }
        return Codebook.builtIn(id: used.id)
    }
}

extension Sidecar.Annotation.Role: ExpressibleByArgument {}

/// Left-aligned text columns for the readable tables.
enum TextColumns {
    static func render(_ rows: [[String]], indent: String = "") -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            var line = indent + cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
