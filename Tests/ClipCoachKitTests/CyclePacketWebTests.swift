import ClipCoachCore
import ClipCoachKit
import Foundation
import Testing
import TestSupport

/// A packet whose library clip is HEVC (as phones record) plays in Chromium: the packet
/// holds the clip's web rendition, made beside the clip.
@Suite("coaching cycle packet: clips browsers play")
struct CyclePacketWebTests {
    @Test func aPacketWithAnHEVCLibraryClipPlaysInChromium() throws {
        let folder = try Fixtures.temporaryFolder("cycle-packet-web")
        defer { try? FileManager.default.removeItem(at: folder) }
        let hevc = folder.appendingPathComponent("phone.mp4").path
        let made = try run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi",
                                      "-i", "sine=frequency=500:sample_rate=48000", "-t", "3", "-c:v", "libx265",
                                      "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1",
                                      "-c:a", "aac", "-shortest", hevc])
        try #require(made.status == 0, "\(made.stderr)")
        var cycle = try CoachingCycle.start(teacher: "Ms R", grade: "4",
                                            lesson: LessonReference(path: Fixtures.sample("lesson.mp4"), fingerprint: "sha256s:l", duration: 30),
                                            focusCodes: ["richness.explanations"], codebook: Codebook.mqi)
        cycle.id = 9
        cycle.state = .clipsChosen
        cycle.teacherClips = (1...2).map { number in
            TeacherClip(number: number, label: "teacher clip \(number)", requested: ClipWindow(start: 0, end: 10),
                        actual: ClipWindow(start: 0, end: 10),
                        files: ClipFilePaths(media: Fixtures.sample("lesson.mp4"), poster: nil, sidecar: nil))
        }
        cycle.libraryClip = LibraryClipChoice(clipID: "7", label: "Phone clip", duration: 3, grade: "4",
                                              files: ClipFilePaths(media: hevc, poster: nil, sidecar: nil))
        let out = folder.appendingPathComponent("packet")
        let result = try CyclePacketExport(cycle: cycle, codebook: Codebook.mqi, outputFolder: out).run()
        #expect(result.document.clips.map(\.video) == ["clips/clip-1.mp4", "clips/clip-2.mp4", "clips/clip-3.mp4"])
        let library = try FFprobe.report(out.appendingPathComponent("clips/clip-3.mp4").path)
        #expect(library.streams.contains { $0["codec_name"] as? String == "h264" }, "\(library.streams)")
        // The rendition stays beside the original, which is untouched.
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("phone.web.mp4").path))
        #expect(try FFprobe.report(hevc).streams.contains { $0["codec_name"] as? String == "hevc" })

        let script = Fixtures.root.appendingPathComponent("Scripts/browser-play-check.py").path
        let play = try run("python3", [script, "--packet", out.path], timeout: 240)
        #expect(play.status == 0, "\(play.stdout)\(play.stderr)")
        #expect(play.stdout.components(separatedBy: "ok  ").count - 1 == 3, "\(play.stdout)")
    }
}
