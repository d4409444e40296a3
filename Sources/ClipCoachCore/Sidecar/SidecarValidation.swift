import Foundation

// What makes a sidecar valid beyond its JSON shape: the rules of docs/sidecar.md.
// Every check reports a field, so a person can find and fix the line.

extension Sidecar {
    /// Every problem with this sidecar: its structure and, when a codebook is given,
    /// its annotations against that codebook. Empty when valid.
    public func problems(codebook: Codebook?, path: String) -> [SidecarError] {
        var found = structuralProblems(path: path)
        if let codebook { found += annotationProblems(codebook: codebook, path: path) }
        return found
    }

    /// Problems that need no codebook: schema, kind-specific parts, times, ids, segment numbers.
    public func structuralProblems(path: String) -> [SidecarError] {
        var found: [SidecarError] = []
        func problem(_ kind: SidecarError.Kind, _ field: String, _ message: String) {
            found.append(SidecarError(kind, path: path, field: field, message: message))
        }
        func problem(_ field: String, _ message: String) { problem(.schema, field, message) }
        func time(_ value: Double, _ field: String) {
            if !value.isFinite || value < 0 { problem(field, "\(value) is not a time in seconds (>= 0)") }
        }

        if schema != Sidecar.schemaName { problem("schema", "'\(schema)' is not '\(Sidecar.schemaName)'") }
        if schemaVersion > Sidecar.currentSchemaVersion {
            problem(.newerVersion, "schemaVersion",
                    "\(schemaVersion) is newer than this ClipCoach writes (\(Sidecar.currentSchemaVersion)); update ClipCoach")
        } else if schemaVersion < 1 {
            problem("schemaVersion", "\(schemaVersion) is not a sidecar format version (1)")
        }
        if id.isEmpty { problem("id", "empty") }
        if revision < 0 { problem("revision", "\(revision) is negative") }
        if !isTimestamp(createdAt) { problem("createdAt", "'\(createdAt)' is not an ISO 8601 time") }
        if !isTimestamp(updatedAt) { problem("updatedAt", "'\(updatedAt)' is not an ISO 8601 time") }

        if source.path.isEmpty { problem("source.path", "empty") }
        if source.fingerprint.isEmpty { problem("source.fingerprint", "empty") }
        time(source.duration, "source.duration")
        if source.size < 0 { problem("source.size", "\(source.size) is negative") }

        switch kind {
        case .clip:
            if let clip {
                found += clipProblems(clip, path: path)
            } else {
                problem("clip", "missing (a clip sidecar describes its clip)")
            }
            if segments != nil { problem("segments", "only lesson sidecars have scoring segments") }
            if segmentLength != nil { problem("segmentLength", "only lesson sidecars have scoring segments") }
        case .lesson:
            if clip != nil { problem("clip", "a lesson sidecar has no clip part") }
            found += segmentProblems(path: path)
        }

        if let date = context.lessonDate, !isCalendarDate(date) {
            problem("context.lessonDate", "'\(date)' is not a date YYYY-MM-DD")
        }
        if !annotations.isEmpty && codebook == nil {
            problem("codebook", "missing: annotations need the id and version of the codebook they use")
        }

        var annotationIDs: Set<String> = []
        for (index, annotation) in annotations.enumerated() {
            let field = "annotations[\(index)]"
            if annotation.id.isEmpty { problem("\(field).id", "empty") }
            if !annotationIDs.insert(annotation.id).inserted {
                problem("\(field).id", "duplicate annotation id '\(annotation.id)'")
            }
            if annotation.rater.trimmingCharacters(in: .whitespaces).isEmpty { problem("\(field).rater", "empty") }
            if !isTimestamp(annotation.createdAt) { problem("\(field).createdAt", "'\(annotation.createdAt)' is not an ISO 8601 time") }
            if !isTimestamp(annotation.updatedAt) { problem("\(field).updatedAt", "'\(annotation.updatedAt)' is not an ISO 8601 time") }
            found += placementProblems(annotation, field: field, path: path)
        }
        return found
    }

    /// Problems of the annotations against a codebook: unknown code, score point off the
    /// code's scale, a code at the wrong level (whole-lesson vs segment).
    public func annotationProblems(codebook: Codebook, path: String) -> [SidecarError] {
        if let used = self.codebook, used.id != codebook.id {
            return [SidecarError(.unknownCodebook, path: path, field: "codebook.id",
                                 message: "annotations use codebook '\(used.id)' but '\(codebook.id)' is loaded (load that codebook)")]
        }
        var found: [SidecarError] = []
        for (index, annotation) in annotations.enumerated() {
            if let problem = Sidecar.check(annotation, against: codebook, in: self, field: "annotations[\(index)]", path: path) {
                found.append(problem)
            }
        }
        return found
    }

    /// The first codebook problem of one annotation (code, then score, then level).
    static func check(_ annotation: Annotation, against codebook: Codebook, in sidecar: Sidecar,
                      field: String, path: String) -> SidecarError? {
        guard let code = codebook.code(annotation.code) else {
            return SidecarError(.unknownCode, path: path, field: "\(field).code",
                                message: "'\(annotation.code)' is not a code of \(codebook.id)"
                                    + Codebook.suggestion(for: annotation.code, among: codebook.codes.map(\.id))
                                    + " (see `clipcoach codebook`)")
        }
        let points = codebook.scale(for: code)?.points.map(\.id) ?? []
        guard points.contains(annotation.score) else {
            return SidecarError(.wrongScale, path: path, field: "\(field).score",
                                message: "'\(annotation.score)' is not a score point of \(code.id) (\(points.joined(separator: ", ")))"
                                    + Codebook.suggestion(for: annotation.score, among: points))
        }
        switch (code.level, sidecar.kind) {
        case (.lesson, .clip):
            return SidecarError(.wrongLevel, path: path, field: "\(field).code",
                                message: "\(code.id) is a whole-lesson code: score it on a lesson sidecar, not a clip")
        case (.lesson, .lesson) where annotation.segment != nil:
            return SidecarError(.wrongLevel, path: path, field: "\(field).segment",
                                message: "\(code.id) is a whole-lesson code: it takes no segment")
        case (.segment, .lesson) where annotation.segment == nil:
            let count = sidecar.segments?.count ?? 0
            return SidecarError(.wrongLevel, path: path, field: "\(field).segment",
                                message: "\(code.id) is scored per segment: give a segment number (1...\(count))")
        default:
            return nil
        }
    }

    private func clipProblems(_ clip: Clip, path: String) -> [SidecarError] {
        var found: [SidecarError] = []
        func problem(_ field: String, _ message: String) {
            found.append(SidecarError(.schema, path: path, field: "clip.\(field)", message: message))
        }
        let times: [(Double, String)] = [
            (clip.requestedStart, "requestedStart"), (clip.requestedEnd, "requestedEnd"),
            (clip.actualStart, "actualStart"), (clip.actualEnd, "actualEnd"), (clip.duration, "duration"),
        ]
        for (value, field) in times where !value.isFinite || value < 0 {
            problem(field, "\(value) is not a time in seconds (>= 0)")
        }
        if clip.requestedEnd < clip.requestedStart { problem("requestedEnd", "before requestedStart") }
        if clip.actualEnd < clip.actualStart { problem("actualEnd", "before actualStart") }
        if clip.file.isEmpty { problem("file", "empty") }
        for (index, stream) in clip.streams.enumerated() where stream.index < 0 {
            problem("streams[\(index)].index", "\(stream.index) is negative")
        }
        return found
    }

    private func segmentProblems(path: String) -> [SidecarError] {
        var found: [SidecarError] = []
        func problem(_ field: String, _ message: String) {
            found.append(SidecarError(.schema, path: path, field: field, message: message))
        }
        guard let segments, !segments.isEmpty else {
            problem("segments", "missing (a lesson sidecar lists its scoring segments)")
            return found
        }
        if let length = segmentLength {
            if !length.isFinite || length <= 0 { problem("segmentLength", "\(length) is not a length in seconds (> 0)") }
        } else {
            problem("segmentLength", "missing")
        }
        var previousEnd = 0.0
        for (index, segment) in segments.enumerated() {
            let field = "segments[\(index)]"
            if segment.number != index + 1 { problem("\(field).number", "\(segment.number), expected \(index + 1)") }
            if !segment.start.isFinite || !segment.end.isFinite || segment.start < 0 || segment.end <= segment.start {
                problem(field, "start \(segment.start) and end \(segment.end) do not make a span")
            } else if abs(segment.start - previousEnd) > 0.0005 {
                // Segments tile the lesson: a gap or an overlap would leave moments unscored or scored twice.
                problem("\(field).start", "\(segment.start) does not continue from the previous end \(previousEnd)")
            }
            previousEnd = segment.end
        }
        return found
    }

    /// Where an annotation points: its segment exists (lesson sidecars) and its evidence times lie
    /// within the clip, the lesson, or its segment.
    func placementProblems(_ annotation: Annotation, field: String, path: String) -> [SidecarError] {
        var found: [SidecarError] = []
        var span = 0.0...max(0, timelineDuration)
        var spanName = kind == .clip ? "the clip" : "the lesson"
        if let number = annotation.segment {
            if kind == .clip {
                found.append(SidecarError(.wrongLevel, path: path, field: "\(field).segment",
                                          message: "a clip sidecar has no segments"))
            } else if let segment = segments?.first(where: { $0.number == number }) {
                span = segment.start...max(segment.start, segment.end)
                spanName = "segment \(number)"
            } else {
                found.append(SidecarError(.outOfRange, path: path, field: "\(field).segment",
                                          message: "\(number) is not a segment of this lesson (1...\(segments?.count ?? 0))"))
            }
        }
        for (index, evidence) in annotation.evidence.enumerated() {
            // Times are stored to the millisecond; allow half of one for rounding.
            let inside = evidence.time.isFinite
                && evidence.time >= span.lowerBound - 0.0005 && evidence.time <= span.upperBound + 0.0005
            if !inside {
                found.append(SidecarError(
                    .outOfRange, path: path, field: "\(field).evidence[\(index)].time",
                    message: "\(Timecode.format(evidence.time)) is outside \(spanName) (\(Timecode.format(span.lowerBound))-\(Timecode.format(span.upperBound)))"))
            }
        }
        return found
    }
}

/// `2025-03-14T09:26:53Z`, `2025-03-14T09:26:53.589Z`, `2025-03-14T09:26:53+01:00`.
func isTimestamp(_ text: String) -> Bool {
    let chars = Array(text.utf8)
    guard chars.count >= 20 else { return false }
    let template = Array("dddd-dd-ddTdd:dd:dd".utf8)
    for (char, expected) in zip(chars, template) {
        if expected == UInt8(ascii: "d") {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(char) else { return false }
        } else if char != expected {
            return false
        }
    }
    guard isCalendarDate(String(decoding: chars[0..<10], as: UTF8.self)) else { return false }
    var rest = chars[19...]
    if rest.first == UInt8(ascii: ".") {
        rest = rest.dropFirst()
        let digits = rest.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard !digits.isEmpty else { return false }
        rest = rest.dropFirst(digits.count)
    }
    let zone = String(decoding: rest, as: UTF8.self)
    if zone == "Z" { return true }
    let zoneChars = Array(zone.utf8)
    guard zoneChars.count == 6, zoneChars[0] == UInt8(ascii: "+") || zoneChars[0] == UInt8(ascii: "-"),
          zoneChars[3] == UInt8(ascii: ":") else { return false }
    return [1, 2, 4, 5].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(zoneChars[$0]) }
}

extension Sidecar.Context {
    /// True for `YYYY-MM-DD` naming a real day, the form of `lessonDate`.
    public static func isCalendarDate(_ text: String) -> Bool { ClipCoachCore.isCalendarDate(text) }
}

/// `YYYY-MM-DD` naming a real day.
func isCalendarDate(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
          parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
          let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
          (1...12).contains(month), day >= 1 else { return false }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return day <= days[month - 1]
}
