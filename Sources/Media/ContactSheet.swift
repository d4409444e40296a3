import Failures
import Foundation
import SafeFiles
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a contact sheet is laid out.
public struct ContactSheetSettings: Sendable, Equatable {
    public var columns: Int
    public var rows: Int
    /// Width of the whole sheet in pixels; cells share it, the height follows the video's aspect.
    public var width: Int
    /// Draw each cell's time on it (built-in digit font).
    public var labels: Bool
    public var replaceExisting: Bool
    public var quality: Int

    public static let gridRange = 1...20
    public static let widthRange = 64...16384
    /// Pixels between cells and around the edge.
    public static let gap = 4

    public init(columns: Int = 4, rows: Int = 4, width: Int = 1280, labels: Bool = true,
                replaceExisting: Bool = false, quality: Int = 3) {
        self.columns = columns
        self.rows = rows
        self.width = width
        self.labels = labels
        self.replaceExisting = replaceExisting
        self.quality = quality
    }

    var cellWidth: Int { (width - (columns + 1) * Self.gap) / columns }

    func validate(path: String) throws(MediaError) {
        func invalid(_ message: String) -> MediaError { MediaError(.invalidArgument, path: path, message: message) }
        guard Self.gridRange.contains(columns), Self.gridRange.contains(rows) else {
            throw invalid("grid \(columns)x\(rows): columns and rows must be 1...20")
        }
        guard Self.widthRange.contains(width) else { throw invalid("sheet width \(width) is outside 64...16384") }
        guard cellWidth >= 16 else { throw invalid("sheet width \(width) leaves cells under 16 pixels wide") }
        guard (2...31).contains(quality) else { throw invalid("quality \(quality) is outside 2...31") }
    }
}

/// Which time sits in which cell: saved beside the sheet as JSON. Field names are stable.
public struct ContactSheetLayout: Codable, Equatable, Sendable {
    public struct Cell: Codable, Equatable, Sendable {
        public let index: Int
        public let row: Int
        public let column: Int
        /// The cell's rectangle on the sheet.
        public let x: Int, y: Int, width: Int, height: Int
        /// Presentation time of the frame shown (nil if the cell stayed empty).
        public let time: Double?
        /// The time asked for: the middle of the cell's slice of the video.
        public let requested: Double
        /// The text drawn on the cell.
        public let label: String?
    }

    public let source: String
    /// The sheet image's file name (beside this JSON).
    public let image: String
    public let width: Int
    public let height: Int
    public let columns: Int
    public let rows: Int
    public let cellWidth: Int
    public let cellHeight: Int
    public let cells: [Cell]
}

/// A contact sheet: evenly spaced frames across a video in one image, with a
/// JSON of which time is in which cell. Both files are written atomically.
public enum ContactSheet {
    /// `sheet.jpg` -> `sheet.json`.
    public static func layoutPath(for imagePath: String) -> String {
        (imagePath as NSString).deletingPathExtension + ".json"
    }

    public static func make(source: String, output: String, settings: ContactSheetSettings,
                            progress: (@Sendable (Int, Int) -> Void)? = nil) throws(PictureJobError) -> ContactSheetLayout {
        try mediaStep { () throws(MediaError) in try settings.validate(path: source) }
        guard let format = PictureFormat(fileName: output) else {
            throw .media(MediaError(.invalidArgument, path: output, message: "the sheet must be named .jpg, .jpeg or .png"))
        }
        let jsonPath = layoutPath(for: output)
        try outputStep { () throws(PictureOutputError) in try checkOutput([output, jsonPath], settings: settings) }

        let (sheet, layout) = try mediaStep { () throws(MediaError) in
            try compose(source: source, imageName: (output as NSString).lastPathComponent, settings: settings, progress: progress)
        }
        let image = try mediaStep { () throws(MediaError) in
            try PictureEncoder(format: format, quality: settings.quality, path: source).encode(sheet)
        }
        let json = try outputStep { () throws(PictureOutputError) in try encode(layout, path: jsonPath) }
        let imageExisted = PictureFiles.fileExists(output)
        try outputStep { () throws(PictureOutputError) in
            // The sheet's folder, with its parents, is made only now that there is a sheet to put in it.
            let made = try PictureFiles.makeFolder(URL(fileURLWithPath: output).deletingLastPathComponent().path)
            do throws(PictureOutputError) {
                try PictureFiles.writeAtomically(image, to: output, durable: true)
                try PictureFiles.writeAtomically(json, to: jsonPath, durable: true)
            } catch {
                // No sheet without its layout: take back the image this run added.
                if !imageExisted { unlink(output) }
                MadeFolders.removeIfEmpty(made)
                throw error
            }
        }
        return layout
    }

    private static func checkOutput(_ paths: [String], settings: ContactSheetSettings) throws(PictureOutputError) {
        // A missing folder is made when the sheet is written; the nearest one there must take it.
        var folder = URL(fileURLWithPath: paths[0]).deletingLastPathComponent().standardizedFileURL
        while !PictureFiles.fileExists(folder.path), folder.path != "/" { folder = folder.deletingLastPathComponent() }
        try PictureFiles.checkWritableFolder(folder.path)
        if !settings.replaceExisting, let existing = paths.first(where: PictureFiles.fileExists) {
            throw PictureOutputError(.exists, path: existing, message: "already exists", remedy: .overwrite)
        }
    }

    private static func compose(source: String, imageName: String, settings: ContactSheetSettings,
                                progress: (@Sendable (Int, Int) -> Void)?) throws(MediaError) -> (Picture, ContactSheetLayout) {
        let file = try MediaFile(path: source)
        _ = try file.requireVideoStream()
        let cellWidth = settings.cellWidth
        let reader = try PictureReader(file: file, width: cellWidth)
        let cellHeight = reader.outputSize?.height ?? 2 * Int((Double(cellWidth) * 9 / 32).rounded())
        let gap = ContactSheetSettings.gap
        let sheetHeight = settings.rows * cellHeight + (settings.rows + 1) * gap
        let sheet = try Picture(width: settings.width, height: sheetHeight, red: 24, green: 24, blue: 24, path: source)

        let times = try cellTimes(file: file, count: settings.columns * settings.rows)
        let scale = cellWidth >= 160 ? 2 : 1
        var cells: [ContactSheetLayout.Cell] = []
        for (index, requested) in times.enumerated() {
            let row = index / settings.columns, column = index % settings.columns
            let x = gap + column * (cellWidth + gap), y = gap + row * (cellHeight + gap)
            let picture = try reader.picture(at: requested, exact: true)
            var label: String?
            if let picture {
                // Centred: a frame after a mid-stream size change may differ from the cell.
                sheet.draw(picture, x: x + (cellWidth - picture.width) / 2, y: y + (cellHeight - picture.height) / 2)
                if settings.labels, let time = picture.time {
                    let text = clockText(time)
                    let size = Picture.labelSize(text, scale: scale)
                    sheet.drawLabel(text, x: x + scale * 2, y: y + cellHeight - size.height - scale * 2, scale: scale)
                    label = text
                }
            }
            cells.append(.init(index: index, row: row, column: column, x: x, y: y, width: cellWidth, height: cellHeight,
                               time: picture?.time.map { ($0 * 1_000_000).rounded() / 1_000_000 },
                               requested: requested, label: label))
            progress?(index + 1, times.count)
        }
        let layout = ContactSheetLayout(source: source, image: imageName, width: settings.width, height: sheetHeight,
                                        columns: settings.columns, rows: settings.rows, cellWidth: cellWidth,
                                        cellHeight: cellHeight, cells: cells)
        return (sheet, layout)
    }

    /// The middles of `count` equal slices of the video: no cell shows the very
    /// first (often black) or very last frame.
    static func cellTimes(file: MediaFile, count: Int) throws(MediaError) -> [Double] {
        let info = file.info()
        let start = info.mainVideo?.startTime ?? info.startTime ?? 0
        var length = info.duration ?? info.mainVideo?.duration ?? 0
        if length <= 0 { length = max(0, (try file.keyframes().times.last ?? start) - start) }
        return (0..<count).map { slice -> Double in
            let fraction = (Double(slice) + 0.5) / Double(count)
            let time: Double = start + length * fraction
            return (time * 1000).rounded() / 1000
        }
    }

    /// `MM:SS`, or `H:MM:SS` from an hour on: what the built-in font can draw.
    static func clockText(_ seconds: Double) -> String {
        let total = Int(max(0, seconds).rounded(.down))
        let (hours, minutes, secs) = (total / 3600, (total / 60) % 60, total % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%02d:%02d", minutes, secs)
    }

    private static func encode(_ layout: ContactSheetLayout, path: String) throws(PictureOutputError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(layout) + Data("\n".utf8) } catch {
            throw PictureOutputError(.writeFailed, path: path, message: "cannot encode the layout: \(error)")
        }
    }
}
