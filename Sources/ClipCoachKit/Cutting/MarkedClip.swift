import ClipCoachCore
import Foundation

/// One clip a coach marked while watching (IN and OUT on the lesson's timeline, and a label),
/// checked before anything is cut: the rules of a `cut --clip` window, plus that its label is
/// usable and names no clip already cut into `folder` (a marked clip never replaces one).
/// The studio starts the returned job in the background.
public enum MarkedClip {
    /// The default label: the lesson's name and the window as people read it (`lesson 9:16-10:30`).
    public static func defaultLabel(lesson: String, start: Double, end: Double) -> String {
        "\(lesson) \(Timecode.clock(start))-\(Timecode.clock(end))"
    }

    /// A cut job for the marked window, or why it cannot be cut. `lessonName` stands for the
    /// lesson in messages and in the default label (never the path where it lives).
    public static func plan(lessonPath: String, lessonName: String, lessonDuration: Double?,
                            start: Double, end: Double, label: String?, folder: URL) throws(CutError) -> CutJob {
        guard start.isFinite, end.isFinite else {
            throw .invalid(path: lessonName, message: "IN and OUT must be times in the lesson")
        }
        guard start >= 0, end > start else {
            throw .invalid(path: lessonName, message: "mark IN before OUT (IN \(Timecode.format(start)), OUT \(Timecode.format(end)))")
        }
        if let lessonDuration, start >= lessonDuration {
            throw .invalid(path: lessonName, message: "IN (\(Timecode.format(start))) is at or after the end of the lesson (\(Timecode.format(lessonDuration)))")
        }
        let typed = label?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let chosen = typed.isEmpty ? defaultLabel(lesson: lessonName, start: start, end: end) : typed
        if let problem = SafeText.problem(inPersonName: chosen, field: "label") {
            throw .invalid(path: lessonName, message: problem)
        }
        guard !ClipNaming.safeName(chosen).isEmpty else {
            throw .invalid(path: lessonName, message: "label: use letters or digits (it names the clip's files)")
        }
        let spec = ClipSpec(start: start, end: end, label: chosen)
        let name = ClipNaming.names(for: [spec])[0]
        // Compared without case: the folder may be zipped or synced to a Mac, where
        // `Warm-up.json` and `warm-up.json` are one file.
        let sidecar = (name + ".json").lowercased()
        let taken = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        if taken.contains(where: { $0.lowercased() == sidecar }) {
            throw .exists(path: name)
        }
        return CutJob(lessonPath: lessonPath, specs: [spec], outputFolder: folder)
    }
}
