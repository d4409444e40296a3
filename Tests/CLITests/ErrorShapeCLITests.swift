import Foundation
import Testing
import TestSupport

/// One failure, one exit code, whichever command meets it (Sources/Failures, ExitStatus).
@Suite struct ErrorShapeCLITests {
    @Test func aCatalogOfRandomBytesIsBadDataInEveryCommand() throws {
        let folder = try Fixtures.temporaryFolder("clipcoach-junk-catalog")
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = folder.appendingPathComponent("library.sqlite")
        var generator = SystemRandomNumberGenerator()
        try Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: catalog)

        let commands: [[String]] = [
            ["library", "search"], ["library", "stats"], ["cycle", "list"],
            ["review", "queue"], ["review", "agreement"], ["review", "serve", "--port", "0"],
        ]
        for command in commands {
            let result = try clipcoach(arguments: command + ["--catalog", catalog.path], timeout: 30)
            #expect(result.status == 65, "\(command.joined(separator: " ")): \(result.status) \(result.stderr)")
            #expect(result.stderr == "clipcoach: \(catalog.path): not a catalog (not an SQLite database)\n",
                    "\(command.joined(separator: " "))")
        }
        #expect(try Data(contentsOf: catalog).count == 8192, "the file is left as it was")
    }
}
