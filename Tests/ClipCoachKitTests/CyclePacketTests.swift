import Failures
import ClipCoachCore
import ClipCoachKit
import Foundation
import Testing
import TestSupport

/// The cycle packet: files copied under fixed names, a self-contained page, atomic, no silent overwrite.
@Suite("coaching cycle packet")
struct CyclePacketTests {
    /// A cycle whose clip files are small stand-ins (the packet copies bytes; it never decodes them).
    func cycle(in folder: URL, notes: Bool = true) throws -> CoachingCycle {
        func file(_ name: String, _ text: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }
        // A teacher clip's sidecar, its source named by the coach's absolute path.
        func sidecar(_ name: String) throws -> String {
            // In a subfolder: the store's lock file stays there, not among the packet's neighbours.
            let sidecars = folder.appendingPathComponent("sidecars")
            try FileManager.default.createDirectory(at: sidecars, withIntermediateDirectories: true)
            let url = sidecars.appendingPathComponent(name)
            let made = Sidecar(id: name, source: Sidecar.Source(path: "/coach/lessons/lesson.mp4", fingerprint: "sha256s:l",
                                                                duration: 150, size: 1000),
                               clip: Sidecar.Clip(label: name, file: "t.mp4", requestedStart: 0, requestedEnd: 10, actualStart: 0,
                                                  actualEnd: 10, duration: 10, mode: .copy, container: "mp4", streams: []))
            try SidecarStore.create(made, at: url, overwrite: false)
            return url.path
        }
        // The library clip's sidecar: cleared for the library (export re-reads it, the record).
        func librarySidecar() throws -> String {
            let path = try sidecar("stock.json")
            var cleared = try SidecarStore.read(URL(fileURLWithPath: path))
            try cleared.setSharing(.library, by: "Lee Librarian", consentNote: "form 12")
            try SidecarStore.encode(cleared).write(to: URL(fileURLWithPath: path))
            return path
        }
        var cycle = try CoachingCycle.start(teacher: "Ms <R>", grade: "4",
                                            lesson: LessonReference(path: "/lessons/lesson.mp4", fingerprint: "sha256s:l", duration: 150),
                                            focusCodes: ["richness.explanations", "errors.imprecision"], codebook: Codebook.mqi)
        cycle.id = 5
        cycle.state = .clipsChosen
        cycle.teacherClips = try (1...2).map { number in
            TeacherClip(number: number, label: "teacher clip \(number)", requested: ClipWindow(start: Double(number * 50), end: Double(number * 50 + 40)),
                        actual: ClipWindow(start: Double(number * 50 - 1), end: Double(number * 50 + 40)),
                        files: ClipFilePaths(media: try file("t\(number).mp4", "video \(number)"), poster: try file("t\(number).jpg", "jpg"),
                                             sidecar: try sidecar("t\(number).json")))
        }
        cycle.libraryClip = LibraryClipChoice(clipID: "7", label: "Number line", duration: 95, grade: "5",
                                              files: ClipFilePaths(media: try file("stock.MKV", "mkv"), poster: nil,
                                                                   sidecar: try librarySidecar()))
        if notes {
            for clip in 1...3 {
                try cycle.writeNote(ClipNote(clip: clip, describe: "Said <b>why</b> & how", elevate: "e\(clip)", nextSteps: "n\(clip)"))
            }
            try cycle.setPlan(ActionPlan(goals: ["Ask \"why\" twice"], nextFocusCodes: ["wwsm.student-contributions"]), codebook: Codebook.mqi)
        }
        return cycle
    }

    @Test func thePacketHoldsTheClipsThePageAndTheData() throws {
        let folder = try Fixtures.temporaryFolder("cycle-packet")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("packets/week-1/packet")   // its folders are made
        let result = try CyclePacketExport(cycle: try cycle(in: folder), codebook: Codebook.mqi, outputFolder: out).run()
        let names = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("clips").path).sorted()
        #expect(names == ["clip-1.jpg", "clip-1.json", "clip-1.mp4", "clip-2.jpg", "clip-2.json", "clip-2.mp4", "clip-3.mkv"])
        #expect(try String(contentsOf: out.appendingPathComponent("clips/clip-2.mp4"), encoding: .utf8) == "video 2")
        #expect(result.warnings.isEmpty, "the library clip's sidecar is never copied, so its absence is no loss: \(result.warnings)")
        let copied = try SidecarStore.read(out.appendingPathComponent("clips/clip-1.json"))
        #expect(copied.source.path == "lesson.mp4", "a copied sidecar names its source by file name only")

        let page = try String(contentsOf: result.page, encoding: .utf8)
        #expect(page.contains("<video controls preload=\"metadata\" poster=\"clips/clip-1.jpg\" src=\"clips/clip-1.mp4\"></video>"))
        #expect(page.contains("src=\"clips/clip-3.mkv\""))
        #expect(page.components(separatedBy: "<video ").count == 4)
        #expect(page.contains("Said &lt;b&gt;why&lt;/b&gt; &amp; how"), "notes are escaped")
        #expect(page.contains("Ms &lt;R&gt;"))
        #expect(page.contains("Ask &quot;why&quot; twice"))
        #expect(page.contains("Explanations") && page.contains("(higher is worse)"))
        #expect(!page.contains("http://") && !page.contains("https://") && !page.contains("<script"), "no network, no script")
        #expect(page.contains("<style>"))

        let data = try Data(contentsOf: out.appendingPathComponent("cycle.json"))
        let document = try JSONDecoder().decode(CyclePacketDocument.self, from: data)
        #expect(document.schema == "clipcoach.cycle-packet")
        #expect(document.clips.map(\.video) == ["clips/clip-1.mp4", "clips/clip-2.mp4", "clips/clip-3.mkv"])
        #expect(document.clips.map(\.note?.elevate) == ["e1", "e2", "e3"])
        #expect(document.focusCodes.map(\.higherIsWorse) == [false, true])
        #expect(document.nextFocusCodes.map(\.id) == ["wwsm.student-contributions"])
        #expect(document.cycle.id == 5)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }.isEmpty,
                "no temporary folder left behind")
    }

    @Test func anExistingPacketIsReplacedOnlyWithForce() throws {
        let folder = try Fixtures.temporaryFolder("cycle-packet")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("packet")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: out.appendingPathComponent("keep.txt"))
        let export = try CyclePacketExport(cycle: try cycle(in: folder), codebook: Codebook.mqi, outputFolder: out)
        do {
            _ = try export.run()
            Issue.record("an existing packet folder was overwritten without force")
        } catch {
            #expect("\(error)" == "\(out.path): already exists")
            #expect(Remedy(of: error) == .overwrite)
        }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("keep.txt").path))
        var forced = export
        forced.force = true
        _ = try forced.run()
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("keep.txt").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("index.html").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func aMissingClipFailsWholeAndLeavesNothing() throws {
        let folder = try Fixtures.temporaryFolder("cycle-packet")
        defer { try? FileManager.default.removeItem(at: folder) }
        var cycle = try cycle(in: folder)
        let gone = try #require(cycle.teacherClips[1].files.media)
        try FileManager.default.removeItem(atPath: gone)
        cycle.teacherClips[1].files.media = gone
        // Into folders that do not exist yet: made for the packet, taken away with it.
        let out = folder.appendingPathComponent("packets/ms-lee/packet")
        do {
            _ = try CyclePacketExport(cycle: cycle, codebook: Codebook.mqi, outputFolder: out).run()
            Issue.record("exported a packet without clip 2")
        } catch {
            #expect("\(error)" == "\(gone): the video of clip 2 is missing (moved or deleted since it was picked)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("packets").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func aPlannedCycleHasNoPacketYet() throws {
        let folder = try Fixtures.temporaryFolder("cycle-packet")
        defer { try? FileManager.default.removeItem(at: folder) }
        var cycle = try cycle(in: folder, notes: false)
        cycle.state = .planned
        cycle.teacherClips = []
        do {
            _ = try CyclePacketExport(cycle: cycle, codebook: Codebook.mqi, outputFolder: folder.appendingPathComponent("p")).run()
            Issue.record("exported a planned cycle")
        } catch {
            #expect("\(error)" == "cannot export the cycle packet: the cycle is planned; next: pick two teacher clips and one library clip")
        }
    }
}
