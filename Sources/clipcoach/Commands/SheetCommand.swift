import ArgumentParser
import Foundation
import Media

struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "Make a contact sheet: evenly spaced frames across a lesson in one image.",
        discussion: """
        Each cell shows the frame at the middle of its slice of the lesson, with its time \
        drawn on it. Beside the image, a JSON of the same name (sheet.json) lists which \
        time sits in which cell. The format follows the name: .jpg, .jpeg or .png. An \
        existing sheet or JSON is refused (exit 73) unless --force.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The filmed lesson.")
    var lesson: String

    @Option(name: .long, help: "The sheet image to write, e.g. sheet.jpg (its folder is made if missing).")
    var out: String

    @Option(name: .long, help: "Columns x rows, each 1...20.")
    var grid: String = "4x4"

    @Option(name: .long, help: "Width of the whole sheet in pixels.")
    var width: Int = 1280

    @Flag(name: .long, help: "Do not draw times on the cells.")
    var noLabels = false

    @Flag(name: .long, help: "Replace an existing sheet and its JSON.")
    var force = false

    @Flag(help: "Print the layout (the sheet's JSON) on stdout.")
    var json = false

    func validate() throws {
        let (columns, rows) = try parsedGrid()
        guard ContactSheetSettings.gridRange.contains(columns), ContactSheetSettings.gridRange.contains(rows) else {
            throw ValidationError("--grid columns and rows must each be 1...20")
        }
        guard ContactSheetSettings.widthRange.contains(width) else {
            throw ValidationError("--width must be between \(ContactSheetSettings.widthRange.lowerBound) and \(ContactSheetSettings.widthRange.upperBound)")
        }
        guard PictureFormat(fileName: out) != nil else { throw ValidationError("--out must end in .jpg, .jpeg or .png") }
    }

    func parsedGrid() throws -> (Int, Int) {
        let parts = grid.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let columns = Int(parts[0]), let rows = Int(parts[1]) else {
            throw ValidationError("--grid must look like 4x4 (columns x rows)")
        }
        return (columns, rows)
    }

    func run() throws {
        global.bootstrap()
        let (columns, rows) = try parsedGrid()
        let settings = ContactSheetSettings(columns: columns, rows: rows, width: width, labels: !noLabels,
                                            replaceExisting: force)
        let bar = SharedProgressBar("sheet")
        let layout: ContactSheetLayout
        do {
            layout = try ContactSheet.make(source: lesson, output: out, settings: settings) { done, total in
                bar.update(done: done, total: total)
            }
        } catch {
            bar.finish()
            throw exitForPictureJob(error)
        }
        bar.finish()
        if json {
            try Output.json(layout)
        } else {
            let labels = layout.cells.compactMap(\.label)
            let span = labels.first.map { first in " from \(first) to \(labels.last ?? first)" } ?? ""
            Output.line("\(out): \(columns)x\(rows) cells\(span), \(layout.width)x\(layout.height); layout in \(ContactSheet.layoutPath(for: out))")
        }
    }
}
