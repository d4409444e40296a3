import ClipCoachCore
import Failures
import Foundation

/// Why a lesson sidecar could not be made: the segment length does not fit the lesson, or the
/// lesson file cannot be read (fingerprint, size).
public enum LessonSidecarError: Error, Equatable, Sendable, CategorizedError {
    /// `lesson` as the caller named it; the rule the segment length broke.
    case segments(lesson: String, ScoringSegments.RuleError)
    case file(SidecarError)

    public var category: FailureCategory {
        switch self {
        case .segments: .usage
        case .file(let error): error.category
        }
    }

    public var subject: String {
        switch self {
        case .segments(let lesson, _): lesson
        case .file(let error): error.subject
        }
    }

    public var description: String {
        switch self {
        case .segments(let lesson, let rule): "\(lesson): \(rule)"
        case .file(let error): error.description
        }
    }
}

/// The one lesson sidecar ClipCoach makes for a filmed lesson: what `clipcoach segment` writes,
/// what the studio gives an uploaded or newly found lesson, and what `clipcoach moments` starts
/// when there is none. The lesson's source (path as seen from the sidecar, content fingerprint,
/// duration, size) and scoring segments of `segmentLength` from 0 (ScoringSegments).
public enum LessonSidecarBuilder {
    /// The sidecar for `lesson` (a path as the caller named it) to be written at `sidecar`.
    /// `duration` is the lesson's, as probed (seconds).
    public static func make(lesson: String, sidecar: URL, duration: Double,
                            segmentLength: Double = ScoringSegments.defaultLength) throws(LessonSidecarError) -> Sidecar {
        let segments: [Sidecar.Segment]
        do { segments = try ScoringSegments.divide(duration: duration, length: segmentLength) } catch {
            throw .segments(lesson: lesson, error)
        }
        let fingerprint: String
        do { fingerprint = try ContentFingerprint.of(path: lesson) } catch { throw .file(error) }
        guard let size = (try? FileManager.default.attributesOfItem(atPath: lesson)[.size] as? NSNumber)?.int64Value else {
            throw .file(SidecarError(.unreadable, path: lesson, message: "cannot read the file size"))
        }
        let source = Sidecar.Source(path: Sidecar.Source.recordedPath(of: lesson, sidecarAt: sidecar),
                                    fingerprint: fingerprint, duration: duration, size: size)
        return Sidecar.lesson(id: URL(fileURLWithPath: lesson).deletingPathExtension().lastPathComponent,
                              source: source, segments: segments, segmentLength: segmentLength)
    }

    /// Makes the sidecar and writes it at `sidecar` (refused when one is there, unless `overwrite`).
    @discardableResult
    public static func write(lesson: String, sidecar: URL, duration: Double,
                             segmentLength: Double = ScoringSegments.defaultLength,
                             overwrite: Bool = false) throws(LessonSidecarError) -> Sidecar {
        let made = try make(lesson: lesson, sidecar: sidecar, duration: duration, segmentLength: segmentLength)
        do { try SidecarStore.create(made, at: sidecar, overwrite: overwrite) } catch { throw .file(error) }
        return made
    }

    /// Where a lesson's sidecar goes by default: `lesson.mp4` -> `lesson.json` beside it.
    public static func defaultSidecar(for lesson: URL) -> URL {
        lesson.deletingPathExtension().appendingPathExtension("json")
    }
}
