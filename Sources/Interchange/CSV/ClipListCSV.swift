import ClipCoachCore

/// A cut list, `start,end,label` in seconds: the format `clipcoach cut --clips` reads (and
/// LosslessCut writes). Clips give the window that was asked for (cutting again gives the
/// same clips); a lesson gives its scoring segments.
///
/// The cut command reads one line per clip, so line breaks in labels become spaces.
enum ClipListCSV {
    static func render(_ sources: [LoadedSidecar]) throws(InterchangeError) -> String {
        try TimelinePlacement.requireOneLesson(sources, format: "a cut list")
        var rows: [(start: Int64, end: Int64, label: String)] = []
        for source in sources {
            if let clip = source.sidecar.clip {
                rows.append((Milliseconds.from(seconds: clip.requestedStart), Milliseconds.from(seconds: clip.requestedEnd), clip.label))
            } else {
                for segment in source.sidecar.segments ?? [] {
                    rows.append((Milliseconds.from(seconds: segment.start), Milliseconds.from(seconds: segment.end),
                                 "Segment \(segment.number)"))
                }
            }
        }
        var text = CSVTable.line(["start", "end", "label"])
        for row in rows {
            let label = row.label.split(whereSeparator: \.isNewline).joined(separator: " ")
            text += CSVTable.line([Milliseconds.decimalSeconds(row.start), Milliseconds.decimalSeconds(row.end), label])
        }
        return text
    }
}
