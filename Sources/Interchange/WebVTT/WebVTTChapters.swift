import ClipCoachCore

/// A WebVTT chapters track (`<track kind="chapters">`): one cue per clip (or, for a lesson
/// alone, per scoring segment), titled by its label.
///
/// Chapters may nest (a clip inside a longer clip) or follow each other, but must not
/// overlap partly. Clips often do (two clips sharing a moment): then the earlier chapter is
/// ended where the later one begins, so each chapter still starts where its clip starts, and
/// a warning says so.
enum WebVTTChapters {
    static func render(_ timeline: PlacedTimeline) -> (text: String, warnings: [String]) {
        let parts = timeline.parts.enumerated().sorted { a, b in
            if a.element.span.start != b.element.span.start { return a.element.span.start < b.element.span.start }
            if a.element.span.end != b.element.span.end { return a.element.span.end > b.element.span.end }
            return a.offset < b.offset
        }.map(\.element)

        var chapters: [PlacedPart] = []
        var open: [Int] = []  // indexes into chapters, innermost last
        var warnings: [String] = []
        for part in parts where part.span.end > part.span.start {
            while let top = open.last {
                let chapter = chapters[top]
                if chapter.span.end <= part.span.start {
                    open.removeLast()
                } else if chapter.span.end < part.span.end {
                    let overlap = "\(Timecode.format(Milliseconds.seconds(part.span.start)))-\(Timecode.format(Milliseconds.seconds(chapter.span.end)))"
                    warnings.append("chapters '\(chapter.title)' and '\(part.title)' overlap (\(overlap)); "
                                    + "'\(chapter.title)' ends at \(Timecode.format(Milliseconds.seconds(part.span.start))) in the chapters track")
                    chapters[top] = PlacedPart(id: chapter.id, title: chapter.title,
                                               span: MillisecondSpan(start: chapter.span.start, end: part.span.start))
                    open.removeLast()
                } else {
                    break
                }
            }
            chapters.append(part)
            open.append(chapters.count - 1)
        }
        let cues = chapters.map { WebVTTText.Cue(identifier: $0.id, span: $0.span, text: WebVTTText.escaped($0.title)) }
        let note = "ClipCoach chapters of \(timeline.video.lastPathComponent)"
        return (WebVTTText.file(note: note, cues: cues), warnings)
    }
}
