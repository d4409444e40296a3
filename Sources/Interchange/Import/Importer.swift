import ClipCoachCore
import Foundation

/// Reads annotations from an interchange file and saves them into a sidecar: everything is
/// read and checked first (types, codes and score points against the codebook, times within
/// the clip or lesson); only then is the sidecar saved, through `SidecarStore.update` (atomic,
/// locked, revision-checked). A file with any problem leaves the sidecar untouched.
public enum Importer {
    public struct Result: Sendable {
        public let plan: ImportPlan
        public let notes: [String]
        /// The sidecar's revision after saving (unchanged when nothing changed or on a dry run).
        public let revision: Int
        public let saved: Bool
    }

    /// Parses `data` (the file's bytes) for `target` without saving anything.
    public static func read(_ format: ImportFormat, data: Data, file: String, target: Sidecar,
                            codebook: Codebook) throws(InterchangeError) -> ImportReading {
        switch format {
        case .otio:
            return try OTIOReader.read(data, file: file, target: target)
        case .eaf:
            return try EAFReader.read(data, file: file, target: target, codebook: codebook)
        case .csvAnnotations:
            guard let text = String(data: data, encoding: .utf8) else {
                throw InterchangeError(.badData, path: file, message: "not UTF-8 text (save the spreadsheet as CSV UTF-8)")
            }
            return try AnnotationCSV.read(text, file: file, target: target)
        }
    }

    public static func run(_ format: ImportFormat, file: String, into sidecarPath: String, codebook: Codebook?,
                           policy: ExistingAnnotationPolicy, dryRun: Bool) throws(InterchangeError) -> Result {
        let sidecarURL = URL(fileURLWithPath: sidecarPath)
        let target: Sidecar
        do throws(SidecarError) { target = try SidecarStore.read(sidecarURL) } catch { throw InterchangeError(error) }
        let book: Codebook
        if let codebook { book = codebook } else {
            book = try Exporter.codebook(for: [LoadedSidecar(path: sidecarPath, sidecar: target)], preferred: nil)
        }

        let data: Data
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw InterchangeError(.noInput, path: file, message: "no such file")
        }
        guard !isDirectory.boolValue, let contents = FileManager.default.contents(atPath: file) else {
            throw InterchangeError(.noInput, path: file, message: isDirectory.boolValue ? "is a folder" : "cannot read")
        }
        data = contents

        let reading = try read(format, data: data, file: file, target: target, codebook: book)
        let plan = try ImportMerge.plan(reading.annotations, into: target, codebook: book, policy: policy, file: file)
        guard plan.changesSomething, !dryRun else {
            return Result(plan: plan, notes: reading.notes, revision: target.revision, saved: false)
        }
        do throws(SidecarError) {
            let saved = try SidecarStore.update(at: sidecarURL, codebook: book) { sidecar throws(SidecarError) in
                try ImportMerge.apply(reading.annotations, to: &sidecar, codebook: book, policy: policy, file: file)
            }
            return Result(plan: plan, notes: reading.notes, revision: saved.revision, saved: true)
        } catch {
            throw InterchangeError(error)
        }
    }
}
