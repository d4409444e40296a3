import Failures
import ClipCoachCore
import Foundation

/// An OpenTimelineIO timeline (`.otio`, JSON): one video track holding a clip per sidecar,
/// each an `ExternalReference` to the lesson video with the clip's window as its
/// `source_range` in `RationalTime` at the lesson's frame rate (a lesson sidecar is one clip
/// over the whole lesson). Every annotation is a `Marker` on its clip over what it scores, in
/// the lesson's media time, with the annotation (code, score point, note, rater, id and
/// evidence moments as `RationalTime`s) under `metadata.clipcoach.annotation`.
///
/// Schema versions are the oldest that hold these fields, for older readers: `Clip.1` (newer
/// releases upgrade it on load) and `Marker.2` (`Marker.1` named its range `range`).
enum OTIOWriter {
    static func render(_ sources: [LoadedSidecar], codebook: Codebook, name: String) throws(InterchangeError) -> String {
        var clips: [JSONNode] = []
        for source in sources {
            guard let rate = source.frameRate else {
                throw InterchangeError(.unavailable, path: source.path,
                                       message: "the lesson's frame rate is unknown (OTIO counts time in frames)",
                                       remedy: .frameRate)
            }
            clips.append(clip(source, rate: rate, codebook: codebook))
        }
        let track = object("Track.1", [
            ("metadata", .object([])), ("name", .string("Clips")), ("source_range", .null),
            ("effects", .array([])), ("markers", .array([])), ("children", .array(clips)), ("kind", .string("Video")),
        ])
        let stack = object("Stack.1", [
            ("metadata", .object([])), ("name", .string("tracks")), ("source_range", .null),
            ("effects", .array([])), ("markers", .array([])), ("children", .array([track])),
        ])
        let timeline = object("Timeline.1", [
            ("metadata", .object([("clipcoach", .object([("sidecars", .array(sources.map { .string($0.sidecar.id) }))]))])),
            ("name", .string(name)), ("global_start_time", .null), ("tracks", stack),
        ])
        return timeline.pretty()
    }

    private static func clip(_ source: LoadedSidecar, rate: FrameRate, codebook: Codebook) -> JSONNode {
        let sidecar = source.sidecar
        let window = source.spanOnLesson
        let lessonDuration = max(Milliseconds.from(seconds: sidecar.source.duration), window.end)
        let reference = object("ExternalReference.1", [
            ("metadata", .object([])), ("name", .string(source.lessonVideo.lastPathComponent)),
            ("available_range", range(MillisecondSpan(start: 0, end: lessonDuration), rate)),
            ("target_url", .string(MediaPath.fileURL(source.lessonVideo))),
        ])
        var about: [(String, JSONNode)] = [
            ("sidecar", .string(sidecar.id)), ("kind", .string(sidecar.kind.rawValue)),
            ("fingerprint", .string(sidecar.source.fingerprint)), ("frameRate", .string(rate.description)),
        ]
        if let clip = sidecar.clip { about.append(("label", .string(clip.label))) }
        let markers = sidecar.annotations.map { marker($0, in: source, rate: rate, codebook: codebook) }
        return object("Clip.1", [
            ("metadata", .object([("clipcoach", .object(about))])),
            ("name", .string(sidecar.clip?.label ?? sidecar.id)),
            ("source_range", range(window, rate)), ("effects", .array([])), ("markers", .array(markers)),
            ("media_reference", reference),
        ])
    }

    private static func marker(_ annotation: Sidecar.Annotation, in source: LoadedSidecar, rate: FrameRate,
                               codebook: Codebook) -> JSONNode {
        let offset = source.spanOnLesson.start
        let scope = TimelinePlacement.scope(of: annotation, in: source).shifted(by: offset)
        let evidence = annotation.evidence.map { moment -> JSONNode in
            var fields: [(String, JSONNode)] = [("time", time(Milliseconds.from(seconds: moment.time) + offset, rate))]
            if let comment = moment.comment { fields.append(("comment", .string(comment))) }
            return .object(fields)
        }
        let fields: [(String, JSONNode)] = [
            ("id", .string(annotation.id)), ("code", .string(annotation.code)),
            ("codeName", .optional(codebook.codeName(annotation.code))), ("score", .string(annotation.score)),
            ("scoreLabel", .optional(codebook.pointLabel(annotation.score, code: annotation.code))),
            ("rater", .string(annotation.rater)), ("role", .string(annotation.role.rawValue)),
            ("note", .optional(annotation.note)), ("segment", annotation.segment.map { .integer(Int64($0)) } ?? .null),
            ("evidence", .array(evidence)),
            ("createdAt", .string(annotation.createdAt)), ("updatedAt", .string(annotation.updatedAt)),
        ]
        return object("Marker.2", [
            ("metadata", .object([("clipcoach", .object([("sidecar", .string(source.sidecar.id)), ("annotation", .object(fields))]))])),
            ("name", .string("\(annotation.code) = \(annotation.score) (\(annotation.rater))")),
            ("color", .string("PURPLE")), ("marked_range", range(scope, rate)),
            // Editors show a marker's comment; readers older than OTIO 0.17 keep it as an extra field.
            ("comment", .string(annotation.note ?? "")),
        ])
    }

    static func time(_ milliseconds: Int64, _ rate: FrameRate) -> JSONNode {
        object("RationalTime.1", [("rate", .number(rate.value)), ("value", .number(rate.frames(milliseconds: milliseconds)))])
    }

    /// The duration is the difference of the two frame positions, so start + duration lands
    /// exactly on the end frame.
    static func range(_ span: MillisecondSpan, _ rate: FrameRate) -> JSONNode {
        let start = rate.frames(milliseconds: span.start)
        let duration = rate.frames(milliseconds: span.end) - start
        return object("TimeRange.1", [
            ("duration", .object([("OTIO_SCHEMA", .string("RationalTime.1")), ("rate", .number(rate.value)), ("value", .number(duration))])),
            ("start_time", time(span.start, rate)),
        ])
    }

    private static func object(_ schema: String, _ fields: [(String, JSONNode)]) -> JSONNode {
        .object([("OTIO_SCHEMA", .string(schema))] + fields)
    }
}
