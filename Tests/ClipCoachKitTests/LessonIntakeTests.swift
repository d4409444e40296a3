import ClipCoachCore
import ClipCoachKit
import Failures
import Foundation
import Testing
import TestSupport

/// The studio's upload service on real files: a video is renamed into place under a safe,
/// unused name with its lesson sidecar; anything else is refused and removed.
struct LessonIntakeTests {
    @Test func aVideoIsRenamedSafelyAndGetsALessonSidecar() throws {
        let folder = try Fixtures.temporaryFolder("lesson-intake")
        for expected in ["Ms-Lee-2.mp4", "Ms-Lee-2-2.mp4"] {
            let staged = LessonIntake.stagingURL(in: folder)
            try FileManager.default.copyItem(atPath: Fixtures.sample("lesson.mp4"), toPath: staged.path)
            let lesson = try LessonIntake.accept(staged: staged, originalName: "../Ms Lee (2).MP4", folder: folder)
            #expect(lesson.lastPathComponent == expected)
            #expect(!FileManager.default.fileExists(atPath: staged.path))
            let sidecar = try SidecarStore.read(lesson.deletingPathExtension().appendingPathExtension("json"))
            #expect(sidecar.kind == .lesson)
            #expect(sidecar.segments?.count == 1, "a 2:30 lesson is one 7:30 segment")
            #expect(sidecar.source.path == expected)
        }
    }

    @Test func aTextFileNamedMP4IsRefusedAndNothingIsLeft() throws {
        let folder = try Fixtures.temporaryFolder("lesson-intake-refused")
        let staged = LessonIntake.stagingURL(in: folder)
        try Data("notes about the lesson\n".utf8).write(to: staged)
        #expect {
            try LessonIntake.accept(staged: staged, originalName: "notes.mp4", folder: folder)
        } throws: { error in
            (error as? LessonIntakeError)?.kind == .notAVideo && "\(error)".hasPrefix("notes.mp4: ")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aNameWithoutLettersIsRefused() {
        #expect(throws: LessonIntakeError.self) { try LessonIntake.safeFileName("???.mp4") }
        #expect((try? LessonIntake.safeFileName("lesson.TXT")) == "lesson.mp4")
    }

    /// The upload's lesson sidecar is the one `clipcoach segment` writes: both come from
    /// LessonSidecarBuilder (source path, fingerprint, size, duration, segments).
    @Test func theUploadsSidecarIsTheSegmentCommands() throws {
        let folder = try Fixtures.temporaryFolder("lesson-intake-builder")
        let staged = LessonIntake.stagingURL(in: folder)
        try FileManager.default.copyItem(atPath: Fixtures.sample("lesson.mp4"), toPath: staged.path)
        let lesson = try LessonIntake.accept(staged: staged, originalName: "lesson.mp4", folder: folder, segmentLength: 60)
        let sidecarURL = LessonSidecarBuilder.defaultSidecar(for: lesson)
        let written = try SidecarStore.read(sidecarURL)
        let built = try LessonSidecarBuilder.make(lesson: lesson.path, sidecar: sidecarURL,
                                                  duration: written.source.duration, segmentLength: 60)
        #expect(written.source == built.source)
        #expect(written.segments == built.segments)
        #expect(written.segmentLength == 60 && written.id == built.id && written.kind == .lesson)
        #expect(built.segments?.map(\.end) == [60, 120, written.source.duration], "150 s at 1 min: 60 + 60 + the rest")
        #expect(written.source.size == (try FileManager.default.attributesOfItem(atPath: lesson.path)[.size] as? NSNumber)?.int64Value)
        #expect(written.source.fingerprint == (try ContentFingerprint.of(path: lesson.path)))
        #expect(written.source.path == "lesson.mp4")
    }

    @Test func aSegmentLengthUnderASecondIsTheCallersMistake() throws {
        let sidecar = try Fixtures.temporaryFolder("lesson-builder-usage").appendingPathComponent("lesson.json")
        #expect {
            try LessonSidecarBuilder.make(lesson: Fixtures.sample("lesson.mp4"), sidecar: sidecar, duration: 150, segmentLength: 0.5)
        } throws: { error in
            (error as? LessonSidecarError)?.category == .usage && "\(error)".contains("segment length")
        }
        #expect(!FileManager.default.fileExists(atPath: sidecar.path))
    }
}
