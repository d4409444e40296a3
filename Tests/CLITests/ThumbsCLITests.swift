import Foundation
import Testing
import TestSupport

/// `clipcoach thumbs` end to end: JSON, exit codes, one-line errors, nothing half-written.
@Suite("clipcoach thumbs")
struct ThumbsCLITests {
    @Test func writesThumbnailsAndPrintsTheIndex() throws {
        let parent = try Fixtures.temporaryFolder("thumbs-cli")
        defer { try? FileManager.default.removeItem(at: parent) }
        let out = parent.appendingPathComponent("thumbs").path
        let result = try clipcoach("thumbs", Fixtures.sample("lesson-noaudio.mp4"), "--out", out, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "progress or noise on a pipe: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        #expect(object["folder"] as? String == out)
        #expect(object["count"] as? Int == 10)
        let thumbnails = try #require(object["thumbnails"] as? [[String: Any]])
        for key in ["time", "file", "width", "height"] { #expect(thumbnails.first?[key] != nil, "entry lacks \(key)") }
        let index = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: out + "/index.json"))) as? [String: Any])
        #expect(index["count"] as? Int == 10)
        #expect(index["source"] as? String == Fixtures.sample("lesson-noaudio.mp4"))
    }

    @Test func jobsTwoWritesTheSameFilesAsJobsOne() throws {
        let parent = try Fixtures.temporaryFolder("thumbs-cli")
        defer { try? FileManager.default.removeItem(at: parent) }
        var outputs: [[String: Data]] = []
        for jobs in ["1", "2"] {
            let out = parent.appendingPathComponent("jobs\(jobs)")
            let result = try clipcoach("thumbs", Fixtures.sample("lesson.mp4"), "--out", out.path, "--jobs", jobs, "--width", "200")
            #expect(result.status == 0, "\(result.stderr)")
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
                files[name] = try Data(contentsOf: out.appendingPathComponent(name))
            }
            outputs.append(files)
        }
        #expect(outputs[0].count == 76)
        #expect(outputs[0] == outputs[1])
    }

    @Test("bad input: one line naming the file, documented exit code, no folder made", arguments: [
        ("missing", 66), ("directory", 66), ("text", 65), ("random", 65), ("empty", 65), ("audio", 69),
    ])
    func badInput(kind: String, status: Int32) throws {
        let parent = try Fixtures.temporaryFolder("thumbs-cli")
        defer { try? FileManager.default.removeItem(at: parent) }
        let input: String
        switch kind {
        case "missing": input = parent.appendingPathComponent("nothing.mp4").path
        case "directory": input = parent.path
        case "audio": input = Fixtures.corpusFile("mb_beach-party.ogg")
        default:
            let file = parent.appendingPathComponent("\(kind).mp4")
            let bytes: Data = switch kind {
            case "text": Data("this is a lesson plan, not a video\n".utf8)
            case "random": Data((0..<4096).map { _ in UInt8.random(in: 0...255) })
            default: Data()
            }
            try bytes.write(to: file)
            input = file.path
        }
        let out = parent.appendingPathComponent("thumbs")
        let result = try clipcoach("thumbs", input, "--out", out.path)
        #expect(result.status == status, "\(kind): exit \(result.status), \(result.stderr)")
        #expect(!result.signalled)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.contains(input) == true, "\(kind): \(result.stderr)")
        if kind == "audio" { #expect(result.stderr.contains("no video")) }
        #expect(!FileManager.default.fileExists(atPath: out.path), "\(kind): output folder made anyway")
    }

    @Test("bad options are usage errors (64)", arguments: [
        ["--width", "0"], ["--width", "-5"], ["--jobs", "0"], ["--format", "gif"], ["--every", "often"], ["--every", "0"],
        ["--fast"],
    ])
    func badOptions(options: [String]) throws {
        let parent = try Fixtures.temporaryFolder("thumbs-cli")
        defer { try? FileManager.default.removeItem(at: parent) }
        let out = parent.appendingPathComponent("thumbs").path
        let result = try clipcoach(arguments: ["thumbs", Fixtures.sample("lesson.mp4"), "--out", out] + options)
        #expect(result.status == 64, "\(options): exit \(result.status), \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func outputProblemsExit73() throws {
        let parent = try Fixtures.temporaryFolder("thumbs-cli")
        defer { try? FileManager.default.removeItem(at: parent) }
        let lesson = Fixtures.sample("lesson-noaudio.mp4")
        // Missing parents are made, as `cut --out` makes them; a refused run takes them away again.
        let nested = parent.appendingPathComponent("week-1/lesson/thumbs")
        let made = try clipcoach("thumbs", lesson, "--out", nested.path)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(FileManager.default.fileExists(atPath: nested.appendingPathComponent("index.json").path))
        try FileManager.default.removeItem(at: parent.appendingPathComponent("week-1"))
        let notMedia = parent.appendingPathComponent("not-media.mp4")
        try Data("not a video".utf8).write(to: notMedia)
        let refused = try clipcoach("thumbs", notMedia.path, "--out", parent.appendingPathComponent("later/on").path)
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: parent.appendingPathComponent("later").path), "nothing left behind")
        try FileManager.default.removeItem(at: notMedia)
        let file = parent.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let notAFolder = try clipcoach("thumbs", lesson, "--out", file.path)
        #expect(notAFolder.status == 73, "\(notAFolder.stderr)")
        let underAFile = try clipcoach("thumbs", lesson, "--out", file.appendingPathComponent("sub").path)
        #expect(underAFile.status == 73, "\(underAFile.stderr)")

        let out = parent.appendingPathComponent("thumbs").path
        #expect(try clipcoach("thumbs", lesson, "--out", out).status == 0)
        let again = try clipcoach("thumbs", lesson, "--out", out, "--every", "5")
        #expect(again.status == 73, "\(again.stderr)")
        #expect(again.stderr.contains("--force"))
        let forced = try clipcoach("thumbs", lesson, "--out", out, "--every", "5", "--force")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).count == 5) // 4 pictures + index
    }

    @Test(.enabled(if: getuid() == 0, "mounting a small file system needs root"))
    func fullDiskExits74AndLeavesNothing() throws {
        let parent = try Fixtures.temporaryFolder("thumbs-cli")
        defer { try? FileManager.default.removeItem(at: parent) }
        let disk = try ThumbsScratchMount(inside: parent, options: "size=64k")
        defer { disk.release() }
        let out = disk.path + "/thumbs"
        let result = try clipcoach("thumbs", Fixtures.sample("lesson.mp4"), "--out", out, "--width", "640")
        #expect(result.status == 74, "\(result.status): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!result.stderr.contains(".clipcoach-staging"), "names the hidden folder: \(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).isEmpty, "left behind on the full disk")
    }

    @Test(.enabled(if: getuid() == 0, "mounting a read-only file system needs root"))
    func readOnlyFolderExits73() throws {
        let parent = try Fixtures.temporaryFolder("thumbs-cli")
        defer { try? FileManager.default.removeItem(at: parent) }
        let disk = try ThumbsScratchMount(inside: parent, options: "ro,size=64k")
        defer { disk.release() }
        let result = try clipcoach("thumbs", Fixtures.sample("lesson-noaudio.mp4"), "--out", disk.path)
        #expect(result.status == 73, "\(result.status): \(result.stderr)")
        let sheet = try clipcoach("sheet", Fixtures.sample("lesson-noaudio.mp4"), "--out", disk.path + "/sheet.jpg")
        #expect(sheet.status == 73, "\(sheet.status): \(sheet.stderr)")
    }
}

/// A small tmpfs mounted for one test: full after a few files, or read-only.
struct ThumbsScratchMount {
    let path: String

    init(inside parent: URL, options: String) throws {
        let url = parent.appendingPathComponent("mount")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
        let mount = try run("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", path])
        guard mount.status == 0 else { throw RunError.launchFailed("mount", mount.stderr) }
    }

    func release() { _ = try? run("/bin/umount", [path]) }
}
