import ClipCoachCore
import Foundation
import Media

/// Why a file was not taken as a lesson. The message names the file by the name the
/// coach gave it, never by where it was staged.
public struct LessonIntakeError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// FFmpeg cannot read it, or it has no video: the coach's file is wrong.
        case notAVideo
        /// The name cannot be made into a file name.
        case badName
        /// The lessons folder cannot be written.
        case cannotWrite
    }
    public let kind: Kind
    public let message: String
    public var description: String { message }
}

/// Taking a new filmed lesson into a lessons folder (the studio's upload): the staged file
/// is probed, then renamed into place under a safe, unused name, and given a lesson sidecar
/// with scoring segments. A refused file is removed: nothing is left behind.
public enum LessonIntake {
    /// Video extensions a lesson may keep; anything else is stored as `.mp4`'s container says.
    static let keptExtensions: Set<String> = ["mp4", "m4v", "mov", "mkv", "webm", "avi", "ts", "mts", "m2ts"]

    /// A hidden staging name in `folder` for an upload in progress (ingest and listings skip dot files).
    public static func stagingURL(in folder: URL) -> URL {
        folder.appendingPathComponent(".upload-\(UUID().uuidString.lowercased()).partial")
    }

    /// Probes `staged`, moves it to `folder` under a safe version of `originalName`, writes the
    /// lesson sidecar beside it. Removes `staged` when it is refused.
    public static func accept(staged: URL, originalName: String, folder: URL,
                              segmentLength: Double = ScoringSegments.defaultLength) throws(LessonIntakeError) -> URL {
        do throws(LessonIntakeError) {
            let name = try safeFileName(originalName)
            let duration = try probe(staged, shownAs: name)
            let final = try moveIntoPlace(staged, folder: folder, name: name)
            do throws(LessonIntakeError) {
                try writeLessonSidecar(for: final, duration: duration, segmentLength: segmentLength)
            } catch {
                try? FileManager.default.removeItem(at: final)
                throw error
            }
            return final
        } catch {
            try? FileManager.default.removeItem(at: staged)
            throw error
        }
    }

    /// `Ms. Lee's lesson (2).MP4` -> `Ms.-Lee-s-lesson-2.mp4`.
    public static func safeFileName(_ original: String) throws(LessonIntakeError) -> String {
        let last = (original as NSString).lastPathComponent
        let ext = (last as NSString).pathExtension.lowercased()
        let stem = ClipNaming.safeName((last as NSString).deletingPathExtension)
        guard !stem.isEmpty else {
            throw LessonIntakeError(kind: .badName, message: "'\(original)': give the file a name with letters or digits")
        }
        return stem + "." + (keptExtensions.contains(ext) ? ext : "mp4")
    }

    /// The lesson's duration; refuses files FFmpeg cannot open, without video, or without a length.
    static func probe(_ url: URL, shownAs name: String) throws(LessonIntakeError) -> Double {
        let duration: Double?
        do throws(MediaError) {
            let file = try MediaFile(path: url.path)
            _ = try file.requireVideoStream()
            duration = file.info().duration
        } catch {
            throw LessonIntakeError(kind: .notAVideo, message: "\(name): \(error.message)")
        }
        guard let duration, duration > 0 else {
            throw LessonIntakeError(kind: .notAVideo, message: "\(name): the file does not say how long it is")
        }
        return Timecode.rounded(duration)
    }

    /// Renames without replacing anything: `name`, else `stem-2.ext`, `stem-3.ext`... A lesson
    /// whose sidecar name is taken is also skipped, so an old sidecar never pairs with a new video.
    static func moveIntoPlace(_ staged: URL, folder: URL, name: String) throws(LessonIntakeError) -> URL {
        let stem = (name as NSString).deletingPathExtension, ext = (name as NSString).pathExtension
        for number in 1...999 {
            let candidate = folder.appendingPathComponent(number == 1 ? name : "\(stem)-\(number).\(ext)")
            let sidecar = candidate.deletingPathExtension().appendingPathExtension("json")
            if FileManager.default.fileExists(atPath: sidecar.path) { continue }
            // link(2) fails when the name exists: no check-then-rename race.
            if link(staged.path, candidate.path) == 0 {
                unlink(staged.path)
                return candidate
            }
            if errno != EEXIST {
                throw LessonIntakeError(kind: .cannotWrite, message: "\(name): cannot move into the lessons folder (\(String(cString: strerror(errno))))")
            }
        }
        throw LessonIntakeError(kind: .cannotWrite, message: "\(name): too many lessons with this name")
    }

    /// The lesson sidecar `clipcoach segment` would write (LessonSidecarBuilder): segments of `segmentLength`.
    public static func writeLessonSidecar(for lesson: URL, duration: Double,
                                          segmentLength: Double = ScoringSegments.defaultLength) throws(LessonIntakeError) {
        do throws(LessonSidecarError) {
            try LessonSidecarBuilder.write(lesson: lesson.path, sidecar: LessonSidecarBuilder.defaultSidecar(for: lesson),
                                           duration: duration, segmentLength: segmentLength)
        } catch {
            // Named as the coach knows the lesson, not by where it lies on the server.
            let reason = error.description.replacingOccurrences(of: lesson.deletingLastPathComponent().path + "/", with: "")
            throw LessonIntakeError(kind: .cannotWrite, message: "\(lesson.lastPathComponent): cannot write the lesson sidecar: \(reason)")
        }
    }

    /// Lesson sidecars for the videos directly in `folder` that have none (the studio scores
    /// into them). Returns the problems, one line per file; files FFmpeg cannot read are skipped.
    public static func prepareFolder(_ folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var problems: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let ext = (name as NSString).pathExtension.lowercased()
            guard keptExtensions.contains(ext) else { continue }
            let lesson = folder.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: LessonSidecarBuilder.defaultSidecar(for: lesson).path) { continue }
            do {
                let duration = try probe(lesson, shownAs: name)
                try writeLessonSidecar(for: lesson, duration: duration)
            } catch {
                problems.append(error.description)
            }
        }
        return problems
    }
}
