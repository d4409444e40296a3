import ClipCoachCore
import ClipCoachKit
import Foundation
import Testing
import TestSupport

/// A clip marked in the studio is checked by the same rules, in the same place, whichever face asks.
@Suite struct MarkedClipTests {
    static let lesson = "/lessons/lesson.mp4"

    static func plan(start: Double = 10, end: Double = 40, label: String? = "warm-up", folder: URL) throws(CutError) -> CutJob {
        try MarkedClip.plan(lessonPath: lesson, lessonName: "lesson", lessonDuration: 60, start: start, end: end,
                            label: label, folder: folder)
    }

    static func refusal(start: Double = 10, end: Double = 40, label: String?, folder: URL) -> CutError? {
        do { _ = try plan(start: start, end: end, label: label, folder: folder); return nil } catch { return error }
    }

    @Test func defaultLabelsUseCoachTimes() {
        #expect(MarkedClip.defaultLabel(lesson: "lesson", start: 10.4, end: 3725) == "lesson 0:10-1:02:05")
    }

    @Test func aGoodMarkBecomesOneClipJobWithItsLabel() throws {
        let folder = try Fixtures.temporaryFolder("marked-ok")
        defer { try? FileManager.default.removeItem(at: folder) }
        let job = try Self.plan(label: "  warm-up ", folder: folder)
        #expect(job.specs == [ClipSpec(start: 10, end: 40, label: "warm-up")])
        #expect(job.lessonPath == Self.lesson && job.outputFolder == folder && !job.force)
        let unnamed = try Self.plan(label: " ", folder: folder)
        #expect(unnamed.specs.first?.label == "lesson 0:10-0:40")
    }

    @Test(arguments: [ClipWindow(start: 40, end: 10), ClipWindow(start: 10, end: 10), ClipWindow(start: -1, end: 5),
                      ClipWindow(start: .nan, end: 5), ClipWindow(start: 10, end: .infinity), ClipWindow(start: 60, end: 70)])
    func windowsThatCannotBeCutAreRefused(window: ClipWindow) throws {
        let (start, end) = (window.start, window.end)
        let folder = try Fixtures.temporaryFolder("marked-window")
        defer { try? FileManager.default.removeItem(at: folder) }
        guard case .invalid(let subject, let message) = Self.refusal(start: start, end: end, label: nil, folder: folder) else {
            Issue.record("\(start)-\(end) accepted"); return
        }
        #expect(subject == "lesson" && !message.contains("/lessons"), "the lesson's name, never its path: \(message)")
    }

    @Test(arguments: ["warm\u{1B}[2Jup", "a\nFAKE LINE", "left\u{202E}right", "!!!", String(repeating: "x", count: 101)])
    func labelsThatCannotNameAClipAreRefused(label: String) throws {
        let folder = try Fixtures.temporaryFolder("marked-label")
        defer { try? FileManager.default.removeItem(at: folder) }
        guard case .invalid(_, let message) = Self.refusal(label: label, folder: folder) else {
            Issue.record("\(label.debugDescription) accepted"); return
        }
        #expect(message.hasPrefix("label: "), "\(message)")
        #expect(!message.unicodeScalars.contains { $0.properties.generalCategory == .control }, "escaped: \(message.debugDescription)")
    }

    @Test func aClipAlreadyCutIsNeverReplaced() throws {
        let folder = try Fixtures.temporaryFolder("marked-exists")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{}".utf8).write(to: folder.appendingPathComponent("warm-up.json"))
        guard case .exists(let name) = Self.refusal(label: "Warm up", folder: folder) else {
            Issue.record("a second 'warm-up' accepted"); return
        }
        #expect(name == "Warm-up")
    }
}
