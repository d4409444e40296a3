import ClipCoachCore
import Foundation
import Testing
import TestSupport

@Suite struct SegmentCLITests {
    /// A 45-minute lesson made cheaply: 64x36 grey at 1 frame per second.
    static func fortyFiveMinuteLesson() throws -> URL {
        let url = try Fixtures.temporaryFolder("segment").appendingPathComponent("lesson45.mp4")
        let result = try run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "color=c=gray:s=64x36:r=1", "-t", "2700",
                                        "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-pix_fmt", "yuv420p", url.path],
                             timeout: 300)
        try #require(result.status == 0, "ffmpeg could not make the test lesson: \(result.stderr)")
        return url
    }

    @Test(.timeLimit(.minutes(5)))
    func fortyFiveMinutesGiveSixSegmentsOfExactlySevenAndAHalfMinutes() throws {
        let lesson = try Self.fortyFiveMinuteLesson()
        let result = try clipcoach("segment", lesson.path, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        // Default output: beside the lesson, same name, .json.
        let sidecarURL = lesson.deletingPathExtension().appendingPathExtension("json")
        let sidecar = try SidecarStore.read(sidecarURL)
        #expect(sidecar.kind == .lesson)
        #expect(sidecar.segmentLength == 450)
        let segments = try #require(sidecar.segments)
        #expect(segments.count == 6)
        #expect(segments.map(\.number) == Array(1...6))
        #expect(segments.allSatisfy { $0.end - $0.start == 450 })
        #expect(segments.map(\.start) == [0, 450, 900, 1350, 1800, 2250])
        #expect(segments.last?.end == 2700)
        #expect(sidecar.source.duration == 2700)
        #expect(sidecar.source.path == "lesson45.mp4")
        #expect(sidecar.source.fingerprint == (try ContentFingerprint.of(path: lesson.path)))
        #expect(sidecar.source.size == (try FileManager.default.attributesOfItem(atPath: lesson.path)[.size] as? Int).map(Int64.init))
        // --json prints the written sidecar.
        let printed = try SidecarCLIFixtures.json(result)
        #expect((printed["segments"] as? [Any])?.count == 6)

        let five = try clipcoach("segment", lesson.path, "--length", "5m", "--out", lesson.deletingLastPathComponent().appendingPathComponent("five.json").path)
        #expect(five.status == 0, "\(five.stderr)")
        #expect(five.stdout.hasPrefix("\(lesson.deletingLastPathComponent().appendingPathComponent("five.json").path): 9 segments of 05:00.000 over 45:00.000"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.sample("lesson.mp4")),
                   "SampleMedia/lesson.mp4 is absent: run Scripts/make-sample-media.sh"))
    func sampleLessonBoundsMatchTheProbedDuration() throws {
        let lesson = Fixtures.sample("lesson.mp4")
        let out = try Fixtures.temporaryFolder("segment-sample").appendingPathComponent("lesson.json")
        let result = try clipcoach("segment", lesson, "--length", "1m", "--out", out.path)
        #expect(result.status == 0, "\(result.stderr)")
        let probe = try clipcoach("probe", "--json", lesson)
        let probed = try #require(try SidecarCLIFixtures.json(probe)["duration"] as? Double)
        let sidecar = try SidecarStore.read(out)
        let segments = try #require(sidecar.segments)
        #expect(segments.last?.end == Timecode.rounded(probed))
        #expect(sidecar.source.duration == Timecode.rounded(probed))
        #expect(abs((segments.last?.end ?? 0) - (try FFprobe.report(lesson).duration ?? 0)) < 0.002)
        // 150 s at 1 min: 60 + 60 + the 30 s remainder.
        #expect(segments.count == Int((probed / 60).rounded(.up)))
        #expect(segments.dropLast().allSatisfy { $0.end - $0.start == 60 })
        #expect(sidecar.source.path == lesson)  // not below the sidecar's folder: absolute
        let annotated = try clipcoach("annotate", out.path, "--code", "wwsm.remediation", "--score", "low", "--rater", "A",
                                      "--segment", "3", "--at", "2:10")
        #expect(annotated.status == 0, "\(annotated.stderr)")
        try SidecarCLIFixtures.expectSchemaValid([out.path])
    }

    @Test func refusesToReplaceWithoutForce() throws {
        let lesson = try Self.smallLesson()
        let out = lesson.deletingLastPathComponent().appendingPathComponent("lesson.json")
        #expect(try clipcoach("segment", lesson.path, "--length", "2s", "--out", out.path).status == 0)
        #expect(try clipcoach("annotate", out.path, "--code", "lesson.dense", "--score", "3", "--rater", "A").status == 0)
        let before = try Data(contentsOf: out)
        let again = try clipcoach("segment", lesson.path, "--length", "2s", "--out", out.path)
        #expect(again.status == 73)
        #expect(again.stderr == "clipcoach: \(out.path): already exists (not overwritten)\n")
        #expect(try Data(contentsOf: out) == before)
        let forced = try clipcoach("segment", lesson.path, "--length", "3s", "--out", out.path, "--force")
        #expect(forced.status == 0)
        #expect(forced.stderr.contains("warning: \(out.path): replacing a lesson sidecar that held 1 annotations"))
        #expect(try SidecarStore.read(out).segmentLength == 3)
    }

    @Test func badInputs() throws {
        let folder = try Fixtures.temporaryFolder("segment-bad")
        let missing = try clipcoach("segment", folder.appendingPathComponent("none.mp4").path)
        #expect(missing.status == 66)
        #expect(SidecarCLIFixtures.lines(missing.stderr).count == 1)

        let text = folder.appendingPathComponent("notes.mp4")
        try Data("not a video".utf8).write(to: text)
        let notMedia = try clipcoach("segment", text.path)
        #expect(notMedia.status == 65)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("notes.json").path))

        let lesson = try Self.smallLesson()
        let badLength = try clipcoach("segment", lesson.path, "--length", "soon")
        #expect(badLength.status == 64)
        #expect(badLength.stderr.hasPrefix("clipcoach: --length: malformed time 'soon'"))
        let tooShort = try clipcoach("segment", lesson.path, "--length", "500ms")
        #expect(tooShort.status == 64)
        let noFolder = try clipcoach("segment", lesson.path, "--out", "/nonexistent-folder/lesson.json")
        #expect(noFolder.status == 73)
    }

    /// A 10-second lesson for the quick tests.
    static func smallLesson() throws -> URL {
        let url = try Fixtures.temporaryFolder("segment-small").appendingPathComponent("short.mp4")
        let result = try run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "color=c=gray:s=64x36:r=5", "-t", "10",
                                        "-c:v", "libx264", "-preset", "ultrafast", url.path])
        try #require(result.status == 0, "ffmpeg: \(result.stderr)")
        return url
    }
}
