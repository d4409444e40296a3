import ClipCoachCore

/// A WebVTT metadata track (`<track kind="metadata">`): for each annotation one cue over what
/// it scores (the clip, segment or lesson), and one cue per evidence moment, each with a JSON
/// object as its text for a page's script (`JSON.parse(cue.text)`).
///
/// An evidence cue starts at the moment and lasts `evidenceCueLength`, so `cuechange` fires
/// while the video plays past it; the exact moment is `timeMs` in its payload. All times in
/// payloads are whole milliseconds on the track's video.
enum WebVTTMetadata {
    static let evidenceCueLength: Int64 = 1000

    static func render(_ timeline: PlacedTimeline, codebook: Codebook) -> String {
        var cues: [WebVTTText.Cue] = []
        for placed in timeline.annotations {
            let annotation = placed.annotation
            let moments = placed.evidence.map { moment -> JSONNode in
                .object([("timeMs", .integer(moment.time))] + (moment.comment.map { [("comment", JSONNode.string($0))] } ?? []))
            }
            var payload: [(String, JSONNode)] = [
                ("type", .string("annotation")), ("id", .string(annotation.id)), ("sidecar", .string(placed.sidecarID)),
                ("code", .string(annotation.code)), ("codeName", .optional(codebook.codeName(annotation.code))),
                ("score", .string(annotation.score)),
                ("scoreLabel", .optional(codebook.pointLabel(annotation.score, code: annotation.code))),
                ("rater", .string(annotation.rater)), ("role", .string(annotation.role.rawValue)),
                ("note", .optional(annotation.note)), ("segment", annotation.segment.map { .integer(Int64($0)) } ?? .null),
                ("startMs", .integer(placed.scope.start)), ("endMs", .integer(placed.scope.end)),
                ("evidence", .array(moments)),
            ]
            cues.append(WebVTTText.Cue(identifier: annotation.id, span: placed.scope,
                                       text: JSONNode.object(payload).compact(escapeMarkup: true)))
            for (index, moment) in placed.evidence.enumerated() {
                payload = [
                    ("type", .string("evidence")), ("annotation", .string(annotation.id)), ("sidecar", .string(placed.sidecarID)),
                    ("code", .string(annotation.code)), ("score", .string(annotation.score)),
                    ("rater", .string(annotation.rater)), ("timeMs", .integer(moment.time)),
                    ("comment", .optional(moment.comment)),
                ]
                cues.append(WebVTTText.Cue(identifier: "\(annotation.id)/evidence-\(index + 1)",
                                           span: MillisecondSpan(start: moment.time, end: moment.time + evidenceCueLength),
                                           text: JSONNode.object(payload).compact(escapeMarkup: true)))
            }
        }
        let note = "ClipCoach annotations of \(timeline.video.lastPathComponent): one cue per annotation and per evidence moment, JSON payloads"
        return WebVTTText.file(note: note, cues: cues)
    }
}
