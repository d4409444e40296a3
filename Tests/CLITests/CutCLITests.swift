import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// `clipcoach cut` end to end, checked with ffmpeg / ffprobe as independent readers.
@Suite("clipcoach cut")
struct CutCLITests {
    static let videoFiles = Fixtures.allMedia.filter { !$0.hasSuffix(".ogg") }

    struct Probe {
        let duration: Double
        let keyframes: [Double]
        let rotation: Int
        let sar: String?
    }

    static func probe(_ path: String) throws -> Probe {
        let result = try clipcoach("probe", "--json", "--keyframes", path)
        let object = try #require(try jsonObject(result) as? [String: Any], "\(path): \(result.stderr)")
        let streams = object["streams"] as? [[String: Any]] ?? []
        let video = streams.first { $0["index"] as? Int == object["mainVideoStream"] as? Int } ?? [:]
        return Probe(duration: object["duration"] as? Double ?? 0,
                     keyframes: object["keyframes"] as? [Double] ?? [],
                     rotation: video["rotation"] as? Int ?? 0,
                     sar: video["sampleAspectRatio"] as? String)
    }

    /// Two windows inside the lesson: about 25-55 % and 60-90 % of it.
    static func windows(_ duration: Double) -> [(Double, Double)] {
        [(duration * 0.25, duration * 0.55), (duration * 0.6, duration * 0.9)].map {
            ((($0.0 * 1000).rounded() / 1000), (($0.1 * 1000).rounded() / 1000))
        }
    }

    @Test("copy clips decode cleanly, start on keyframes, stay in sync, keep rotation and SAR",
          arguments: videoFiles)
    func copyClips(path: String) throws {
        let source = try Self.probe(path)
        guard source.duration > 0 else { return } // no duration in the header: covered by the no-duration test
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let windows = Self.windows(source.duration)
        let result = try clipcoach(arguments: ["cut", path, "--json", "--out", folder.path]
            + windows.enumerated().map { "--clip=\($0.element.0)-\($0.element.1)=part \($0.offset + 1)" })
        if path.hasSuffix("mb_annex-b.mp4") || path.hasSuffix("-truncated.mp4") {
            // Windows past the readable data: a clean error or a shorter clip with a warning.
            #expect(!result.signalled && (result.status == 0 || result.status == 65), "\(path): \(result.stderr)")
            #expect(MediaChecks.leftovers(in: folder).isEmpty)
            if result.status == 0 { #expect(result.stderr.contains("warning")) }
            return
        }
        #expect(result.status == 0, "\(path): \(result.stderr)")
        let clips = try #require(try jsonObject(result) as? [[String: Any]])
        #expect(clips.count == 2)
        let gop = MediaChecks.longestGOP(source.keyframes, duration: source.duration)
        for (clip, window) in zip(clips, windows) {
            let file = try #require(clip["clip"] as? String)
            let reencoded = clip["mode"] as? String == "reencode" // AVI without pts falls back
            #expect(try MediaChecks.decodeErrors(file).isEmpty, "\(file) from \(path) does not decode cleanly")
            let actualStart = try #require(clip["actualStart"] as? Double)
            if !reencoded {
                #expect(source.keyframes.contains { abs($0 - actualStart) < 0.001 },
                        "\(path): clip starts at \(actualStart), not a keyframe")
            }
            let report = try FFprobe.report(file)
            let duration = try #require(report.duration)
            let asked = window.1 - window.0
            #expect(abs(duration - asked) <= gop + 0.1, "\(path): clip lasts \(duration), asked \(asked), GOP \(gop)")
            if let video = MediaChecks.streamStart(report, kind: "video"),
               let audio = MediaChecks.streamStart(report, kind: "audio") {
                #expect(abs(video - audio) < 0.05, "\(path): video starts at \(video), audio at \(audio)")
            }
            let clipProbe = try Self.probe(file)
            #expect(clipProbe.rotation == source.rotation, "\(path): rotation")
            // No SAR at all means square pixels, as 1:1 does.
            #expect((clipProbe.sar ?? "1:1") == (source.sar ?? "1:1"), "\(path): sample aspect ratio")
            let boxes = try MediaChecks.topLevelBoxes(file)
            let moov = try #require(boxes.firstIndex(of: "moov"), "\(file): no moov box in \(boxes)")
            let mdat = try #require(boxes.firstIndex(of: "mdat"), "\(file): no mdat box in \(boxes)")
            #expect(moov < mdat, "\(file): index after the media data (\(boxes))")
            // The sidecar says what the file holds.
            let sidecarPath = try #require(clip["sidecar"] as? String)
            let sidecar = try #require(try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: sidecarPath))) as? [String: Any])
            let info = try #require(sidecar["clip"] as? [String: Any])
            let recorded = try #require(info["duration"] as? Double)
            #expect(abs(recorded - duration) < 0.1, "\(sidecarPath): duration \(recorded) vs file \(duration)")
            #expect(info["actualStart"] as? Double == actualStart)
            #expect(info["requestedStart"] as? Double == window.0)
            #expect((sidecar["source"] as? [String: Any])?["fingerprint"] as? String != nil)
            #expect(FileManager.default.fileExists(atPath: clip["poster"] as? String ?? "/nonexistent"))
        }
        #expect(MediaChecks.leftovers(in: folder).isEmpty)
    }

    @Test("re-encoded clips are frame-accurate and in sync", arguments: [
        Fixtures.sample("lesson.mp4"), Fixtures.sample("lesson-rotated.mp4"), Fixtures.sample("lesson-vp9.mkv"),
        Fixtures.sample("lesson.ts"), Fixtures.corpusFile("mb_video.mp4"), Fixtures.corpusFile("mp_chaplin.mp4"),
    ])
    func reencodeClips(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let source = try Self.probe(path)
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (start, end) = (Self.windows(source.duration)[0].0 + 0.123, Self.windows(source.duration)[0].1)
        let result = try clipcoach("cut", path, "--mode", "reencode", "--height", "180", "--json",
                                   "--clip", "\(start)-\(end)", "--out", folder.path)
        #expect(result.status == 0, "\(path): \(result.stderr)")
        let clip = try #require((try jsonObject(result) as? [[String: Any]])?.first)
        let file = try #require(clip["clip"] as? String)
        #expect(try MediaChecks.decodeErrors(file).isEmpty, "\(file) does not decode cleanly")
        let report = try FFprobe.report(file)
        let video = try #require(report.streams.first { $0["codec_type"] as? String == "video" })
        #expect(video["codec_name"] as? String == "h264")
        #expect(video["pix_fmt"] as? String == "yuv420p")
        #expect(video["height"] as? Int == 180)
        let rate = (video["avg_frame_rate"] as? String).flatMap(Self.rational) ?? 25
        let frame = 1 / rate
        let actualStart = try #require(clip["actualStart"] as? Double)
        #expect(abs(actualStart - start) < frame + 0.001, "\(path): first frame \(actualStart) for \(start)")
        let duration = try #require(report.duration)
        #expect(abs(duration - (end - actualStart)) <= frame + 0.03, "\(path): lasts \(duration), asked \(end - actualStart)")
        if let v = MediaChecks.streamStart(report, kind: "video"), let a = MediaChecks.streamStart(report, kind: "audio") {
            #expect(abs(v - a) < 0.025, "\(path): video starts at \(v), audio at \(a)")
        }
        #expect(FFprobe.clockwiseRotation(video) == source.rotation)
        let boxes = try MediaChecks.topLevelBoxes(file)
        #expect((boxes.firstIndex(of: "moov") ?? 99) < (boxes.firstIndex(of: "mdat") ?? -1), "\(boxes)")
    }

    static func rational(_ text: String) -> Double? {
        let parts = text.split(separator: "/").compactMap { Double($0) }
        guard parts.count == 2, parts[1] > 0, parts[0] > 0 else { return nil }
        return parts[0] / parts[1]
    }

    @Test("three clips in one command equal three separate commands")
    func oneCommandEqualsSeparateCommands() throws {
        let lesson = Fixtures.sample("lesson.mp4")
        let together = try Fixtures.temporaryFolder(), apart = try Fixtures.temporaryFolder()
        defer {
            try? FileManager.default.removeItem(at: together)
            try? FileManager.default.removeItem(at: apart)
        }
        let clips = ["10-40=a", "30-70=b", "100-130=c"] // b overlaps a
        let all = try clipcoach(arguments: ["cut", lesson, "--out", together.path, "--no-poster"] + clips.map { "--clip=\($0)" })
        #expect(all.status == 0, "\(all.stderr)")
        for clip in clips {
            let one = try clipcoach("cut", lesson, "--out", apart.path, "--no-poster", "--clip=\(clip)")
            #expect(one.status == 0, "\(one.stderr)")
        }
        for name in ["a", "b", "c"] {
            let mine = try MediaChecks.streamHashes(together.appendingPathComponent("\(name).mp4").path)
            let theirs = try MediaChecks.streamHashes(apart.appendingPathComponent("\(name).mp4").path)
            #expect(mine.count >= 2)
            #expect(mine == theirs, "clip \(name) differs between one command and separate commands")
        }
    }

    @Test("the same lesson cut twice gives the same names; a CSV cut list works")
    func namesAndCSV() throws {
        let lesson = Fixtures.sample("lesson.mp4")
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("cuts.csv")
        try "start,end,label\n12,20.5,\"Warm-up: 3/4 of a pie\"\n100,,\n".write(to: csv, atomically: true, encoding: .utf8)
        let first = try clipcoach("cut", lesson, "--clips", csv.path, "--out", folder.path, "--json")
        #expect(first.status == 0, "\(first.stderr)")
        let names = try #require(try jsonObject(first) as? [[String: Any]]).compactMap { ($0["clip"] as? String).map { ($0 as NSString).lastPathComponent } }
        #expect(names == ["Warm-up-3-4-of-a-pie.mp4", "clip-02.mp4"])
        let second = try clipcoach("cut", lesson, "--clips", csv.path, "--out", folder.path, "--json", "--force")
        let again = try #require(try jsonObject(second) as? [[String: Any]]).compactMap { ($0["clip"] as? String).map { ($0 as NSString).lastPathComponent } }
        #expect(again == names)
        // An empty end means the end of the lesson (150 s).
        let last = try #require((try jsonObject(second) as? [[String: Any]])?.last)
        #expect(last["requestedEnd"] as? Double == 150)
    }

    // MARK: bad input, each with its own test

    @Test(arguments: ["1:xx-2:00", "abc", "5", "2:00-1:00", "10-10"])
    func malformedOrBackwardsWindow(clip: String) throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", clip, "--out", folder.path)
        #expect(result.status == 64, "\(clip): \(result.status) \(result.stderr)")
        #expect(!result.stderr.isEmpty)
        #expect((try FileManager.default.contentsOfDirectory(atPath: folder.path)).isEmpty)
    }

    @Test func windowPastTheEndIsClampedWithAWarning() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", "2:20-9:00", "--out", folder.path, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("clamped"))
        let clip = try #require((try jsonObject(result) as? [[String: Any]])?.first)
        #expect(clip["requestedEnd"] as? Double == 150)
        #expect((clip["warnings"] as? [String])?.first?.contains("clamped") == true)
    }

    @Test func windowStartingAfterTheEndIsAnError() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", "3:00-4:00", "--out", folder.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("after the end of the lesson"))
    }

    @Test func missingLesson() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try clipcoach("cut", "/nonexistent/lesson.mp4", "--clip", "0-10", "--out", folder.path)
        #expect(result.status == 66)
        #expect(result.stderr.hasPrefix("clipcoach: /nonexistent/lesson.mp4: "))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    /// A missing --out folder is made (NewUserCLITests); one that cannot be made is 73.
    @Test func outputFolderThatCannotBeMade() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("notes.txt")
        try Data("a file, not a folder".utf8).write(to: file)
        let result = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", "0-10", "--out", file.path + "/clips")
        #expect(result.status == 73)
        #expect(result.stderr.contains("notes.txt/clips"))
    }

    @Test func readOnlyOutputFolder() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let readOnly = try ReadOnlyFolder(inside: folder)
        defer { readOnly.release() }
        let result = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", "0-10", "--out", readOnly.path)
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.contains(readOnly.path))
    }

    @Test func existingOutputIsNotOverwrittenWithoutForce() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let existing = folder.appendingPathComponent("intro.mp4")
        try Data("the coach's own file".utf8).write(to: existing)
        let result = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", "0-10=intro", "--out", folder.path)
        #expect(result.status == 73)
        #expect(result.stderr.contains("already exists"))
        #expect(try Data(contentsOf: existing) == Data("the coach's own file".utf8))
        let forced = try clipcoach("cut", Fixtures.sample("lesson.mp4"), "--clip", "0-10=intro", "--out", folder.path, "--force")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try MediaChecks.decodeErrors(existing.path).isEmpty)
    }

    /// lesson.mp4 10-20 s cut as `intro`, annotated by a rater and tagged: a coach's work to keep.
    static func annotatedIntroClip() throws -> (folder: URL, sidecar: URL) {
        let folder = try Fixtures.temporaryFolder()
        let sidecar = folder.appendingPathComponent("intro.json")
        let steps = [
            ["cut", Fixtures.sample("lesson.mp4"), "--clip", "10-20=intro", "--out", folder.path],
            ["annotate", sidecar.path, "--code", "richness.explanations", "--score", "mid", "--rater", "ana",
             "--at", "3=student explains"],
            ["tag", sidecar.path, "--topic", "fractions", "--grade", "4"],
        ]
        for step in steps {
            let result = try clipcoach(arguments: step)
            #expect(result.status == 0, "\(step[0]): \(result.stderr)")
        }
        return (folder, sidecar)
    }

    @Test("cut --force of the same clip keeps its annotations, context and revision count")
    func forceKeepsTheSameClipsAnnotations() throws {
        let (folder, sidecar) = try Self.annotatedIntroClip()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lesson = Fixtures.sample("lesson.mp4")
        let before = try SidecarStore.read(sidecar)

        let again = try clipcoach("cut", lesson, "--clip", "10-20=intro", "--out", folder.path, "--force")
        #expect(again.status == 0, "\(again.stderr)")
        let after = try SidecarStore.read(sidecar)
        #expect(after.id == before.id)
        #expect(after.annotations == before.annotations)
        #expect(after.context == before.context)
        #expect(after.createdAt == before.createdAt)
        #expect(after.revision == before.revision + 1)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains { $0.contains(".replaced-") }, "nothing set aside: \(names)")
    }

    @Test("cut --force of another window sets the old annotated sidecar aside and says so")
    func forceSetsAnotherWindowsAnnotationsAside() throws {
        let (folder, sidecar) = try Self.annotatedIntroClip()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lesson = Fixtures.sample("lesson.mp4")
        let oldBytes = try Data(contentsOf: sidecar)

        let recut = try clipcoach("cut", lesson, "--clip", "30-40=intro", "--out", folder.path, "--force")
        #expect(recut.status == 0, "\(recut.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let aside = try #require(names.first { $0.hasPrefix("intro.replaced-") && $0.hasSuffix(".json") }, "\(names)")
        #expect(try Data(contentsOf: folder.appendingPathComponent(aside)) == oldBytes, "the old file is kept whole")
        #expect(recut.stderr.contains(aside), "the warning names the kept file: \(recut.stderr)")
        let new = try SidecarStore.read(sidecar)
        #expect(new.annotations.isEmpty)
        #expect(new.context.topic == "fractions", "the lesson's context carries over")
        #expect(abs((new.clip?.actualStart ?? 0) - 30) < 2.5)
    }

    @Test func lessonWithoutVideo() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try clipcoach("cut", Fixtures.corpusFile("mb_beach-party.ogg"), "--clip", "0-10", "--out", folder.path)
        #expect(result.status == 69)
        #expect(result.stderr.contains("no video stream"))
        #expect((try FileManager.default.contentsOfDirectory(atPath: folder.path)).isEmpty)
    }

    @Test(arguments: ["copy", "reencode"])
    func damagedLessonGivesAShorterClipWithAWarning(mode: String) throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The truncated sample's header claims 30 s; its data ends near 17 s.
        let result = try clipcoach("cut", Fixtures.sample("lesson-truncated.mp4"), "--mode", mode, "--clip", "10-25",
                                   "--out", folder.path, "--json")
        #expect(!result.signalled)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("truncated"))
        let clip = try #require((try jsonObject(result) as? [[String: Any]])?.first)
        let file = try #require(clip["clip"] as? String)
        #expect(try MediaChecks.decodeErrors(file).isEmpty)
        #expect((clip["duration"] as? Double ?? 99) < 10)
        // Past the readable data altogether: a clear error, nothing written.
        let past = try clipcoach("cut", Fixtures.sample("lesson-truncated.mp4"), "--mode", mode, "--clip", "20-25=past",
                                 "--out", folder.path)
        #expect(past.status == 65, "\(past.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("past.mp4").path))
        #expect(MediaChecks.leftovers(in: folder).isEmpty)
    }

    @Test(arguments: ["copy", "reencode"])
    func diskFullMidWriteLeavesNoPartialFiles(mode: String) throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A file-size limit (ulimit -f, in 1 KiB blocks) makes writes fail part way, like a full disk.
        let result = try run("/bin/bash", ["-c", "ulimit -f 200; exec \"$0\" \"$@\"", clipcoachBinary, "cut",
                                           Fixtures.sample("lesson.mp4"), "--mode", mode, "--clip", "0-140",
                                           "--out", folder.path])
        #expect(!result.signalled, "killed by a signal: \(result.stderr)")
        #expect(result.status == 74, "\(result.status): \(result.stderr)")
        #expect(result.stderr.contains("clipcoach: "))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasSuffix(".lock") }
        #expect(left.isEmpty, "left behind: \(left)")
    }
}

/// A folder nobody may write to: a read-only tmpfs when running as root (root ignores
/// permission bits), else a folder with mode 0555.
struct ReadOnlyFolder {
    let path: String
    private let mounted: Bool

    init(inside parent: URL) throws {
        let url = parent.appendingPathComponent("read-only")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
        if getuid() == 0 {
            let mount = try run("/bin/mount", ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", url.path])
            guard mount.status == 0 else {
                throw RunError.launchFailed("mount", "cannot mount a read-only tmpfs as root: \(mount.stderr)")
            }
            mounted = true
        } else {
            chmod(url.path, 0o555)
            mounted = false
        }
    }

    func release() {
        if mounted { _ = try? run("/bin/umount", [path]) } else { chmod(path, 0o755) }
    }
}
