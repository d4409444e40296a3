/// The formats `clipcoach export` writes (docs/interchange.md).
public enum ExportFormat: String, CaseIterable, Sendable {
    /// WebVTT chapters track: one cue per clip (or scoring segment), titled by its label.
    case webvttChapters = "webvtt-chapters"
    /// WebVTT metadata track: one cue per annotation and per evidence moment, JSON payloads.
    case webvttMetadata = "webvtt-metadata"
    /// OpenTimelineIO timeline (.otio): clips as references to the lesson, annotations as markers.
    case otio
    /// ELAN annotation document (.eaf, EAF 3.0).
    case eaf
    /// W3C Web Annotation collection (JSON-LD).
    case webanno
    /// Cut list `start,end,label`, as `clipcoach cut --clips` reads.
    case csvClips = "csv-clips"
    /// One row per annotation.
    case csvAnnotations = "csv-annotations"

    /// The usual file name extension.
    public var fileExtension: String {
        switch self {
        case .webvttChapters, .webvttMetadata: "vtt"
        case .otio: "otio"
        case .eaf: "eaf"
        case .webanno: "jsonld"
        case .csvClips, .csvAnnotations: "csv"
        }
    }
}

/// The formats `clipcoach import` reads annotations from.
public enum ImportFormat: String, CaseIterable, Sendable {
    case otio
    case eaf
    case csvAnnotations = "csv-annotations"
}
