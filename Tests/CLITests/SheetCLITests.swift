import Foundation
import Testing
import TestSupport

/// `clipcoach sheet` end to end.
@Suite("clipcoach sheet")
struct SheetCLITests {
    @Test func writesTheSheetAndItsLayout() throws {
        let folder = try Fixtures.temporaryFolder("sheet-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("sheet.jpg").path
        let result = try clipcoach("sheet", Fixtures.sample("lesson.mp4"), "--out", out, "--grid", "5x2", "--width", "1000", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let cells = try #require(object["cells"] as? [[String: Any]])
        #expect(cells.count == 10)
        #expect(object["columns"] as? Int == 5 && object["rows"] as? Int == 2 && object["width"] as? Int == 1000)
        for key in ["index", "row", "column", "x", "y", "width", "height", "time", "requested", "label"] {
            #expect(cells.first?[key] != nil, "cell lacks \(key)")
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("sheet.json").path))
        let probe = try run("ffprobe", ["-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", out])
        #expect(probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1000,\(object["height"] as? Int ?? -1)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(Set(names) == ["sheet.jpg", "sheet.json"], "\(names)")
    }

    @Test("bad options are usage errors (64)", arguments: [
        ["--grid", "0x4"], ["--grid", "4by4"], ["--grid", "21x1"], ["--width", "10"], ["--width", "0"],
    ])
    func badOptions(options: [String]) throws {
        let folder = try Fixtures.temporaryFolder("sheet-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("sheet.jpg").path
        let result = try clipcoach(arguments: ["sheet", Fixtures.sample("lesson.mp4"), "--out", out] + options)
        #expect(result.status == 64, "\(options): \(result.status) \(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func badInputsAndOutputs() throws {
        let folder = try Fixtures.temporaryFolder("sheet-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("sheet.jpg").path
        let lesson = Fixtures.sample("lesson-noaudio.mp4")

        let audio = try clipcoach("sheet", Fixtures.corpusFile("mb_beach-party.ogg"), "--out", out)
        #expect(audio.status == 69, "\(audio.stderr)")
        #expect(audio.stderr.contains("no video") && audio.stderr.split(separator: "\n").count == 1)
        let missing = try clipcoach("sheet", folder.appendingPathComponent("gone.mp4").path, "--out", out)
        #expect(missing.status == 66, "\(missing.stderr)")
        let gif = try clipcoach("sheet", lesson, "--out", folder.appendingPathComponent("sheet.gif").path)
        #expect(gif.status == 64, "\(gif.stderr)")
        // A sheet's missing folders are made (as `cut --out` makes them), but only for a sheet:
        // a refused run leaves none behind, nor under a file that stands in the way.
        let refused = try clipcoach("sheet", Fixtures.corpusFile("mb_beach-party.ogg"), "--out",
                                    folder.appendingPathComponent("later/on/sheet.jpg").path)
        #expect(refused.status == 69, "\(refused.stderr)")
        try Data("x".utf8).write(to: folder.appendingPathComponent("a-file"))
        let blocked = try clipcoach("sheet", lesson, "--out", folder.appendingPathComponent("a-file/sub/sheet.jpg").path)
        #expect(blocked.status == 73, "\(blocked.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a-file"])
        try FileManager.default.removeItem(at: folder.appendingPathComponent("a-file"))
        let nested = folder.appendingPathComponent("week-1/sheets/sheet.jpg")
        let made = try clipcoach("sheet", lesson, "--out", nested.path)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(FileManager.default.fileExists(atPath: nested.path))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("week-1"))

        #expect(try clipcoach("sheet", lesson, "--out", out).status == 0)
        let again = try clipcoach("sheet", lesson, "--out", out)
        #expect(again.status == 73 && again.stderr.contains("--force"), "\(again.stderr)")
        #expect(try clipcoach("sheet", lesson, "--out", out, "--force", "--grid", "2x2").status == 0)
    }
}
