import ClipCoachCore
import Foundation

/// One video's view of the exported sidecars: its chapters (clips or scoring segments) and
/// annotations placed on its timeline in whole milliseconds. WebVTT, ELAN and Web Annotation
/// are written from this; a format never recomputes where a time lies.
struct PlacedTimeline {
    let video: URL
    /// Milliseconds.
    let duration: Int64
    let parts: [PlacedPart]
    let annotations: [PlacedAnnotation]
    /// The sidecars behind it (for labels and ids).
    let sources: [LoadedSidecar]
}

/// A clip or scoring segment on the timeline.
struct PlacedPart {
    let id: String
    let title: String
    let span: MillisecondSpan
}

/// An annotation with its scope (the clip, segment or lesson it scores) and evidence moments
/// on the timeline.
struct PlacedAnnotation {
    let sidecarID: String
    let annotation: Sidecar.Annotation
    let scope: MillisecondSpan
    let evidence: [PlacedMoment]
}

struct PlacedMoment {
    let time: Int64
    let comment: String?
}

enum TimelinePlacement {
    /// A sidecar on its own timeline: a clip from 0 (its file), a lesson from 0.
    static func own(_ loaded: LoadedSidecar) -> PlacedTimeline {
        PlacedTimeline(video: loaded.ownVideo, duration: loaded.ownDuration,
                       parts: parts(of: loaded, offset: 0), annotations: annotations(of: loaded, offset: 0),
                       sources: [loaded])
    }

    /// Sidecars of one lesson on the lesson's timeline: clips shifted to where they were cut.
    /// Chapters are the clips when there are any, else the lesson's scoring segments.
    static func lesson(_ sources: [LoadedSidecar], format: String) throws(InterchangeError) -> PlacedTimeline {
        guard let first = sources.first else {
            throw InterchangeError(.usage, path: "", message: "\(format): no sidecars to export")
        }
        try requireOneLesson(sources, format: format)
        let hasClips = sources.contains { $0.sidecar.kind == .clip }
        var parts: [PlacedPart] = []
        var annotations: [PlacedAnnotation] = []
        var duration: Int64 = 0
        for source in sources {
            let offset = source.spanOnLesson.start
            if source.sidecar.kind == .clip || !hasClips { parts += self.parts(of: source, offset: offset) }
            annotations += self.annotations(of: source, offset: offset)
            duration = max(duration, Milliseconds.from(seconds: source.sidecar.source.duration), source.spanOnLesson.end)
        }
        return PlacedTimeline(video: first.lessonVideo, duration: duration, parts: parts, annotations: annotations,
                              sources: sources)
    }

    /// All sources must be cuts of (or be) the same lesson: one track belongs to one video.
    static func requireOneLesson(_ sources: [LoadedSidecar], format: String) throws(InterchangeError) {
        guard let first = sources.first else { return }
        let others = sources.filter { $0.sidecar.source.fingerprint != first.sidecar.source.fingerprint }
        guard others.isEmpty else {
            let named = ([first] + others).map { "\($0.path) (\($0.sidecar.source.path))" }.joined(separator: ", ")
            throw InterchangeError(.usage, path: "",
                                   message: "\(format) describes one video, but the sources come from different lessons: \(named)")
        }
    }

    private static func parts(of source: LoadedSidecar, offset: Int64) -> [PlacedPart] {
        let sidecar = source.sidecar
        if sidecar.kind == .clip, let clip = sidecar.clip {
            return [PlacedPart(id: sidecar.id, title: clip.label,
                               span: MillisecondSpan(start: 0, end: source.ownDuration).shifted(by: offset))]
        }
        return (sidecar.segments ?? []).map { segment in
            PlacedPart(id: "\(sidecar.id)-segment-\(segment.number)", title: "Segment \(segment.number)",
                       span: MillisecondSpan(seconds: segment.start, segment.end).shifted(by: offset))
        }
    }

    private static func annotations(of source: LoadedSidecar, offset: Int64) -> [PlacedAnnotation] {
        source.sidecar.annotations.map { annotation in
            PlacedAnnotation(
                sidecarID: source.sidecar.id, annotation: annotation,
                scope: scope(of: annotation, in: source).shifted(by: offset),
                evidence: annotation.evidence.map {
                    PlacedMoment(time: Milliseconds.from(seconds: $0.time) + offset, comment: $0.comment)
                })
        }
    }

    /// What an annotation scores, on the sidecar's own timeline: its segment, else the whole clip or lesson.
    static func scope(of annotation: Sidecar.Annotation, in source: LoadedSidecar) -> MillisecondSpan {
        if let number = annotation.segment, let segment = source.sidecar.segments?.first(where: { $0.number == number }) {
            return MillisecondSpan(seconds: segment.start, segment.end)
        }
        return MillisecondSpan(start: 0, end: source.ownDuration)
    }
}
