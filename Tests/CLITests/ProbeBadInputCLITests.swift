import Foundation
import Testing
import TestSupport

/// Bad input for `probe`, each case on its own: one clear line naming the file,
/// a documented exit code, no crash, no hang.
@Suite("probe bad input")
struct ProbeBadInputCLITests {
    /// Runs probe and checks the common contract; returns stderr's single line.
    func probeFails(_ path: String, status: Int32, mentioning words: String,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try clipcoach("probe", path, timeout: 30)
        #expect(!result.timedOut, sourceLocation: sourceLocation)
        #expect(!result.signalled, sourceLocation: sourceLocation)
        #expect(result.status == status, "\(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(lines.first?.hasPrefix("clipcoach: \(path): ") == true, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.lowercased().contains(words), "\(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func missingFile() throws {
        try probeFails("/nonexistent/lesson.mp4", status: 66, mentioning: "no such file")
    }

    @Test func directory() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try probeFails(folder.path, status: 66, mentioning: "directory")
    }

    @Test func permissionDenied() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("locked.mp4")
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson-noaudio.mp4"), toPath: file.path)
        chmod(file.path, 0)
        if getuid() != 0 {
            try probeFails(file.path, status: 66, mentioning: "permission denied")
            return
        }
        // Root reads anything: run the check as an unprivileged user instead.
        chmod(folder.path, 0o755)
        let result = try run("/usr/bin/setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                                  clipcoachBinary, "probe", file.path], timeout: 30)
        #expect(result.status == 66, "\(result.status): \(result.stderr)")
        #expect(result.stderr.hasPrefix("clipcoach: \(file.path): "))
        #expect(result.stderr.lowercased().contains("permission denied"), "\(result.stderr)")
    }

    @Test func emptyFile() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("empty.mp4")
        #expect(FileManager.default.createFile(atPath: file.path, contents: Data()))
        try probeFails(file.path, status: 65, mentioning: "empty")
    }

    @Test func randomBytes() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("noise.mp4")
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: file)
        try probeFails(file.path, status: 65, mentioning: "not a media file")
    }

    @Test func textFileNamedMP4() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("notes.mp4")
        try String(repeating: "Lesson notes: fractions on a number line.\n", count: 200)
            .write(to: file, atomically: true, encoding: .utf8)
        try probeFails(file.path, status: 65, mentioning: "not a media file")
    }

    @Test(arguments: ["mb_annex-b.mp4"])
    func truncatedMediaProbesWithItsHeaderFacts(name: String) throws {
        // The header survives truncation: probe reports it, keyframes list only what is there.
        let path = Fixtures.corpusFile(name)
        let result = try clipcoach("probe", "--json", "--keyframes", path)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try jsonObject(result) as? [String: Any])
        let keyframes = try #require(object["keyframes"] as? [Double])
        #expect(keyframes == [0])
    }

    @Test func truncatedSampleKeyframesStopAtTheData() throws {
        let result = try clipcoach("probe", "--json", "--keyframes", Fixtures.sample("lesson-truncated.mp4"))
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try jsonObject(result) as? [String: Any])
        let keyframes = try #require(object["keyframes"] as? [Double])
        #expect((keyframes.last ?? 99) < 17.5, "\(keyframes)")
        #expect(try FFprobe.keyframeTimes(Fixtures.sample("lesson-truncated.mp4")).count == keyframes.count)
    }

    @Test func audioOnlyProbesAndVideoCommandsSaySo() throws {
        let path = Fixtures.corpusFile("mb_beach-party.ogg")
        #expect(try clipcoach("probe", path).status == 0)
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for arguments in [["cut", path, "--clip", "0-5", "--out", folder.path],
                          ["thumbs", path, "--out", folder.appendingPathComponent("t").path]] {
            let result = try clipcoach(arguments: arguments)
            #expect(result.status == 69, "\(arguments[0]): \(result.stderr)")
            #expect(result.stderr.contains("no video stream"), "\(arguments[0]): \(result.stderr)")
        }
    }
}
