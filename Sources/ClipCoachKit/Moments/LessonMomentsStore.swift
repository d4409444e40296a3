import ClipCoachCore
import Foundation

/// Keeps a `moments` report in the lesson sidecar (`moments` field, Schemas/sidecar-v1.schema.json).
/// An existing lesson sidecar is updated under its lock; without one, a new lesson sidecar with
/// 7.5-minute scoring segments is created, as `clipcoach segment` would write it.
public enum LessonMomentsStore {
    public static let field = "moments"

    /// Saves the report; returns the sidecar's path as given.
    public static func save(_ report: LessonMomentsReport, lesson: String, sidecar: URL) throws(SidecarError) {
        let value = try jsonValue(report)
        if FileManager.default.fileExists(atPath: sidecar.path) {
            let current = try SidecarStore.read(sidecar)
            guard current.kind == .lesson else {
                throw SidecarError(.schema, path: sidecar.relativePath, message: "is a clip sidecar; moments belong in the lesson's sidecar")
            }
            let codebook: Codebook
            if let id = current.codebook?.id, let builtIn = Codebook.builtIn(id: id) { codebook = builtIn } else {
                do { codebook = try Codebook.mqi } catch {
                    throw SidecarError(.schema, path: sidecar.relativePath, message: "\(error)")
                }
            }
            try SidecarStore.update(at: sidecar, codebook: codebook) { (next: inout Sidecar) throws(SidecarError) in
                next.unknownFields[field] = value
            }
            return
        }
        var created: Sidecar
        do throws(LessonSidecarError) {
            created = try LessonSidecarBuilder.make(lesson: lesson, sidecar: sidecar, duration: report.duration)
        } catch {
            switch error {
            case .file(let failure): throw failure
            case .segments(_, let rule): throw SidecarError(.schema, path: sidecar.relativePath, message: "\(rule)")
            }
        }
        created.unknownFields[field] = value
        try SidecarStore.create(created, at: sidecar, overwrite: false)
    }

    /// The moments stored in a lesson sidecar, nil if it has none (or they cannot be read).
    public static func load(from sidecar: Sidecar) -> LessonMomentsReport? {
        guard let value = sidecar.unknownFields[field],
              let data = try? JSONEncoder().encode(value) else { return nil }
        return try? JSONDecoder().decode(LessonMomentsReport.self, from: data)
    }

    static func jsonValue(_ report: LessonMomentsReport) throws(SidecarError) -> JSONValue {
        do {
            let data = try JSONEncoder().encode(report)
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw SidecarError(.schema, path: "", message: "cannot encode the moments: \(error)")
        }
    }
}
