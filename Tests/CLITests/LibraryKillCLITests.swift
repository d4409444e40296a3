import Foundation
import Testing
import TestSupport

/// An ingest killed with SIGKILL at many moments, then rerun, ends with the same
/// catalog and media folder as one uninterrupted run: no duplicates, no half rows,
/// no leftover temporaries.
@Suite struct LibraryKillCLITests {
    /// 30 short clips cut from the main sample (with their posters and sidecars), three
    /// other samples and one file that is not a video.
    static func makeLibrary(in root: URL) throws -> URL {
        let library = root.appendingPathComponent("library")
        let clips = library.appendingPathComponent("clips")
        try FileManager.default.createDirectory(at: clips, withIntermediateDirectories: true)
        var arguments = ["cut", Fixtures.sample("lesson.mp4"), "--out", clips.path]
        for index in 0..<30 {
            let start = 4 + index * 4
            arguments += ["--clip", "\(start)-\(start + 4)=clip-\(String(format: "%02d", index))"]
        }
        let cut = try clipcoach(arguments: arguments, timeout: 300)
        guard cut.status == 0 else { throw RunError.launchFailed("clipcoach cut", cut.stderr) }
        for name in ["lesson-noaudio.mp4", "lesson-vp9.mkv", "lesson.ts"] {
            try FileManager.default.copyItem(atPath: Fixtures.sample(name), toPath: library.appendingPathComponent(name).path)
        }
        try Data("not a video".utf8).write(to: library.appendingPathComponent("broken.mp4"))
        return library
    }

    /// Files of a media folder (relative), hidden ones included, the lock file left out.
    static func mediaListing(_ folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var names: [String] = []
        while let name = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder)
            if !isFolder.boolValue && name != ".ingest.lock" { names.append(name) }
        }
        return names.sorted()
    }

    static func posterCount(_ folder: URL) -> Int {
        mediaListing(folder).filter { $0.hasSuffix("/poster.jpg") }.count
    }

    static func dump(_ catalog: String) throws -> String {
        let result = try clipcoach("library", "dump", "--portable", "--catalog", catalog)
        guard result.status == 0 else { throw RunError.launchFailed("library dump", result.stderr) }
        return result.stdout
    }

    @Test(.timeLimit(.minutes(15)))
    func killedIngestsResumeToTheSameCatalogAsAnUninterruptedOne() throws {
        let root = try Fixtures.temporaryFolder("library-kill")
        defer { try? FileManager.default.removeItem(at: root) }
        let library = try Self.makeLibrary(in: root)

        let reference = root.appendingPathComponent("reference.sqlite").path
        let started = Date()
        let uninterrupted = try clipcoach("library", "ingest", library.path, "--catalog", reference, "--jobs", "2",
                                          timeout: 600)
        let span = Date().timeIntervalSince(started)
        #expect(uninterrupted.status == 65, "only broken.mp4 fails: \(uninterrupted.stderr)")
        #expect(uninterrupted.stdout.hasPrefix("ingested 33, unchanged 0, missing 0, failed 1"), "\(uninterrupted.stdout)")

        let killed = root.appendingPathComponent("killed.sqlite").path
        let killedMedia = root.appendingPathComponent("killed.media")
        var landed = 0
        for attempt in 0..<10 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: clipcoachBinary)
            process.arguments = ["library", "ingest", library.path, "--catalog", killed, "--jobs", "2"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let posters = Self.posterCount(killedMedia)
            try process.run()
            if attempt % 2 == 0 {
                // At a moment: early (opening, walking) to mid-run.
                usleep(useconds_t(span * 1_000_000 * (0.05 + 0.05 * Double(attempt))))
            } else {
                // The moment a new poster appears: that file's thumbnails and transaction are under way.
                let deadline = Date().addingTimeInterval(span * 2)
                while process.isRunning, Date() < deadline, Self.posterCount(killedMedia) <= posters { usleep(2_000) }
            }
            if process.isRunning { landed += 1 }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        print("library kill test: \(landed) of 10 kills landed while the ingest ran (uninterrupted run: \(String(format: "%.1f", span)) s)")
        #expect(landed >= 3, "too few kills landed inside a run to prove anything")

        let resumed = try clipcoach("library", "ingest", library.path, "--catalog", killed, "--jobs", "2", timeout: 600)
        #expect(resumed.status == 65, "\(resumed.stderr)")
        #expect(!resumed.stdout.contains("missing 1"), "\(resumed.stdout)")

        let expected = try Self.dump(reference)
        let actual = try Self.dump(killed)
        #expect(!expected.isEmpty)
        if actual != expected {
            let (a, b) = (Set(actual.split(separator: "\n")), Set(expected.split(separator: "\n")))
            Issue.record("catalogs differ; only in the killed one: \(a.subtracting(b).prefix(5)); only in the reference: \(b.subtracting(a).prefix(5))")
        }
        #expect(Self.mediaListing(killedMedia) == Self.mediaListing(root.appendingPathComponent("reference.media")))
        #expect(!Self.mediaListing(killedMedia).contains { $0.split(separator: "/").contains { $0.hasPrefix(".") } },
                "leftover temporaries")

        // And a run after that finds nothing to do.
        let again = try clipcoach("library", "ingest", library.path, "--catalog", killed, "--jobs", "2")
        #expect(again.stdout.hasPrefix("ingested 0, unchanged 33, missing 0, failed 1"), "\(again.stdout)")
    }
}
