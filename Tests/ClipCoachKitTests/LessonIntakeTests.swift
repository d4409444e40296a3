import ClipCoachCore
import ClipCoachKit
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
}
