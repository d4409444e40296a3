import ClipCoachCore
import Foundation

/// Reads annotations back from the markers of an OpenTimelineIO timeline written by
/// `OTIOWriter` (and perhaps re-saved by an editor): the clips whose
/// `metadata.clipcoach.sidecar` is the target's id, and on them the markers that carry
/// `metadata.clipcoach.annotation`. Other clips and markers (an editor's own) are skipped.
///
/// Evidence times are `RationalTime`s in the lesson's media time, at any rate; they are
/// rounded to the millisecond and moved onto the target's own timeline.
enum OTIOReader {
    static func read(_ data: Data, file: String, target: Sidecar) throws(InterchangeError) -> ImportReading {
        let root = try JSONCursor.parse(data, file: file)
        let schema = try root.required("OTIO_SCHEMA").string()
        guard schema.hasPrefix("Timeline.") else {
            throw root.problem("OTIO_SCHEMA is '\(schema)': expected a Timeline")
        }
        var reader = Reader(target: target)
        if let tracks = try root.member("tracks") { try reader.visit(tracks) }
        guard reader.matchedClips > 0 else {
            let others = reader.otherSidecars.isEmpty ? "none has ClipCoach metadata"
                : "it has clips of \(reader.otherSidecars.joined(separator: ", "))"
            throw InterchangeError(.badData, path: file, message: "no clip in the timeline belongs to sidecar '\(target.id)' (\(others))")
        }
        return ImportReading(annotations: reader.annotations, notes: reader.notes)
    }

    private struct Reader {
        let target: Sidecar
        var annotations: [ImportedAnnotation] = []
        var notes: [String] = []
        var otherSidecars: [String] = []
        var matchedClips = 0

        init(target: Sidecar) { self.target = target }

        /// Walks stacks and tracks down to clips, in any nesting.
        mutating func visit(_ node: JSONCursor) throws(InterchangeError) {
            guard node.isObject() else { throw node.problem("expected an OTIO object, found \(node.kind)") }
            let schema = try node.member("OTIO_SCHEMA")?.string() ?? ""
            if schema.hasPrefix("Clip.") {
                try clip(node)
            } else if let children = try node.member("children") {
                for child in try children.array() { try visit(child) }
            }
        }

        private mutating func clip(_ clip: JSONCursor) throws(InterchangeError) {
            guard let about = try clip.member("metadata")?.member("clipcoach") else { return }
            let sidecar = try about.required("sidecar").string()
            guard sidecar == target.id else {
                if !otherSidecars.contains(sidecar) { otherSidecars.append(sidecar) }
                return
            }
            matchedClips += 1
            for marker in try clip.member("markers")?.array() ?? [] {
                guard let fields = try marker.member("metadata")?.member("clipcoach")?.member("annotation") else {
                    let name = (try? marker.member("name")?.string()) ?? nil
                    notes.append("skipped marker \(marker.path)\(name.map { " '\($0)'" } ?? "") (no ClipCoach annotation in its metadata)")
                    continue
                }
                let imported = try annotation(fields, origin: marker)
                // An editor may duplicate a clip with its markers: the same annotation twice is one.
                if annotations.contains(where: { $0.id == imported.id && $0.sameContent(as: imported) }) { continue }
                annotations.append(imported)
            }
        }

        private func annotation(_ fields: JSONCursor, origin marker: JSONCursor) throws(InterchangeError) -> ImportedAnnotation {
            let roleText = try fields.member("role")?.string() ?? "rater"
            guard let role = Sidecar.Annotation.Role(rawValue: roleText) else {
                throw try fields.required("role").problem("'\(roleText)' is not a role (coach, teacher, rater)")
            }
            var evidence: [Sidecar.Evidence] = []
            for moment in try fields.member("evidence")?.array() ?? [] {
                let time = try milliseconds(try moment.required("time")) - offset
                evidence.append(Sidecar.Evidence(time: Milliseconds.seconds(time), comment: try moment.member("comment")?.string()))
            }
            var segment: Int?
            if let number = try fields.member("segment") { segment = try number.integer() }
            let name = (try? marker.member("name")?.string()) ?? nil
            return ImportedAnnotation(
                origin: marker.path + (name.map { " ('\($0)')" } ?? ""),
                id: try fields.required("id").string(), code: try fields.required("code").string(),
                score: try fields.required("score").string(), rater: try fields.required("rater").string(), role: role,
                note: try fields.member("note")?.string(), segment: segment, evidence: evidence,
                createdAt: try fields.member("createdAt")?.string(), updatedAt: try fields.member("updatedAt")?.string())
        }

        /// Where the target's own time 0 lies in the lesson's media time.
        private var offset: Int64 {
            target.kind == .clip ? Milliseconds.from(seconds: target.clip?.actualStart ?? 0) : 0
        }

        /// A RationalTime as whole milliseconds.
        private func milliseconds(_ time: JSONCursor) throws(InterchangeError) -> Int64 {
            let rate = try time.required("rate").number()
            let value = try time.required("value").number()
            guard rate.isFinite, rate > 0 else { throw try time.required("rate").problem("a rate must be above 0, found \(rate)") }
            let seconds = value / rate
            guard seconds.isFinite, abs(seconds) < 1e9 else { throw try time.required("value").problem("\(value) frames is not a time") }
            return Int64((seconds * 1000).rounded())
        }
    }
}

extension ImportedAnnotation {
    /// The same annotation, wherever it was found.
    func sameContent(as other: ImportedAnnotation) -> Bool {
        var copy = other
        copy.origin = origin
        return copy == self
    }
}
