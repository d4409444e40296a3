import Foundation
@testable import Media
import Testing
import TestSupport

/// Contact sheets: layout, composed pixels, labels, the JSON beside the image.
@Suite("contact sheets")
struct SheetTests {
    @Test func sheetShowsEvenlySpacedFramesWithTheirTimes() throws {
        let folder = try Fixtures.temporaryFolder("sheet")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("sheet.jpg").path
        let layout = try ContactSheet.make(source: Fixtures.sample("lesson.mp4"), output: output,
                                           settings: ContactSheetSettings(columns: 4, rows: 3, width: 1280))
        #expect(layout.cells.count == 12)
        let times = layout.cells.compactMap(\.time)
        #expect(times.count == 12 && times == times.sorted() && Set(times).count == 12)
        for cell in layout.cells {
            let time = try #require(cell.time)
            #expect(time >= cell.requested - 1e-6 && time < cell.requested + 0.05, "cell \(cell.index): \(time) for \(cell.requested)")
        }
        #expect(layout.cells.first?.label == "00:06" && layout.cells.last?.label == "02:23")

        let image = try ThumbTestImages.rgb(output)
        #expect(image.width == layout.width && image.height == layout.height)
        for cell in layout.cells {
            // lesson.mp4's red patch (coded centre 63.5, 63.5 of 640x360) in every cell.
            let x = cell.x + Int(63.5 * Double(cell.width) / 640), y = cell.y + Int(63.5 * Double(cell.height) / 360)
            expectColour(image.pixel(x, y), (255, 0, 0), "red patch of cell \(cell.index)")
            // The label box at the bottom left holds black box and white glyph pixels.
            let box = (x: cell.x + 4, y: cell.y + cell.height - 18 - 4, width: 64, height: 18)
            var white = 0, black = 0
            for py in box.y..<(box.y + box.height) {
                for px in box.x..<(box.x + box.width) {
                    let (r, g, b) = image.pixel(px, py)
                    if r > 200 && g > 200 && b > 200 { white += 1 }
                    if r < 40 && g < 40 && b < 40 { black += 1 }
                }
            }
            #expect(white > 60 && black > 200, "cell \(cell.index): label has \(white) white and \(black) black pixels")
        }
        let saved = try JSONDecoder().decode(ContactSheetLayout.self,
                                             from: Data(contentsOf: URL(fileURLWithPath: ContactSheet.layoutPath(for: output))))
        #expect(saved == layout)
    }

    @Test func existingSheetIsRefusedUnlessReplacing() throws {
        let folder = try Fixtures.temporaryFolder("sheet")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("sheet.png").path
        let source = Fixtures.sample("lesson-rotated.mp4")
        let first = try ContactSheet.make(source: source, output: output, settings: ContactSheetSettings(columns: 3, rows: 2, width: 640))
        #expect(first.cellHeight > first.cellWidth, "rotated video, landscape cells")
        #expect(throws: PictureJobError.self) {
            try ContactSheet.make(source: source, output: output, settings: ContactSheetSettings(columns: 2, rows: 2, width: 640))
        }
        let second = try ContactSheet.make(source: source, output: output,
                                           settings: ContactSheetSettings(columns: 2, rows: 2, width: 640, replaceExisting: true))
        #expect(second.cells.count == 4)
        let size = try ThumbTestImages.size(output)
        #expect(size.width == 640 && size.height == second.height)
        #expect(ThumbTestImages.leftovers(in: folder).isEmpty)
    }

    @Test func labelsUseOnlyWhatTheFontDraws() {
        #expect(ContactSheet.clockText(4.72) == "00:04")
        #expect(ContactSheet.clockText(3725.9) == "1:02:05")
        #expect(ContactSheet.clockText(-1) == "00:00")
    }

    @Test func canvasComposesAndLabels() throws {
        let canvas = try Picture(width: 40, height: 20, red: 10, green: 20, blue: 30)
        let patch = try Picture(width: 4, height: 4, red: 200, green: 0, blue: 0)
        canvas.draw(patch, x: 38, y: -2) // clipped at the corner
        let bytes = canvas.rgbBytes()
        #expect(bytes.count == 40 * 20 * 3)
        #expect(Array(bytes[(39 * 3)..<(40 * 3)]) == [200, 0, 0])
        #expect(Array(bytes[0..<3]) == [10, 20, 30])
        let size = Picture.labelSize("12:34", scale: 1)
        #expect(size.width == 5 * 6 - 1 + 4 && size.height == 7 + 4)
        canvas.drawLabel("8", x: 0, y: 0, scale: 1)
        // Font row 0 of '8' is .###. at x = 2..6, y = 2.
        let row = 2 * 40 * 3
        #expect(bytes != canvas.rgbBytes())
        let labelled = canvas.rgbBytes()
        #expect(Array(labelled[(row + 2 * 3)..<(row + 3 * 3)]) == [0, 0, 0])
        #expect(Array(labelled[(row + 3 * 3)..<(row + 4 * 3)]) == [255, 255, 255])
    }
}
