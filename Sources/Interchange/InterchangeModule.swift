// Interchange formats for annotations and clips: WebVTT, OpenTimelineIO, ELAN,
// W3C Web Annotation and CSV, in and out.
import ClipCoachCore
