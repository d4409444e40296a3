import Failures
import ClipCoachCore
import Foundation

/// Renders sidecars into an interchange format. Pure: no files are written here (see
/// `OutputFile`), so tests and a future server can call it directly.
public enum Exporter {
    public struct Result: Sendable {
        public let text: String
        /// Things the format made the export give up, one line each.
        public let warnings: [String]
        /// How many clips (or segments) and annotations went out.
        public let parts: Int
        public let annotations: Int

        /// `2 chapters`, `3 clips, 8 markers`: what the file holds, in the format's words.
        public func summary(_ format: ExportFormat) -> String {
            func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }
            switch format {
            case .webvttChapters: return count(parts, "chapter")
            case .webvttMetadata: return "\(count(annotations, "annotation")) with their evidence moments"
            case .otio: return "\(count(parts, "clip")), \(count(annotations, "marker"))"
            case .eaf, .webanno: return count(annotations, "annotation")
            case .csvClips, .csvAnnotations: return count(format == .csvClips ? parts : annotations, "row")
            }
        }
    }

    /// - Parameters:
    ///   - output: where the file will be written; ELAN records the media path relative to it.
    public static func render(_ format: ExportFormat, sources: [LoadedSidecar], codebook: Codebook,
                              output: URL) throws(InterchangeError) -> Result {
        try requireDistinct(sources)
        guard !sources.isEmpty else {
            throw InterchangeError(.usage, path: "", message: "give at least one sidecar to export")
        }
        let annotationCount = sources.reduce(0) { $0 + $1.sidecar.annotations.count }
        let partCount = sources.reduce(0) { $0 + ($1.sidecar.kind == .clip ? 1 : ($1.sidecar.segments?.count ?? 0)) }
        switch format {
        case .webvttChapters:
            let timeline = try vttTimeline(sources, format: format)
            let (text, warnings) = WebVTTChapters.render(timeline)
            return Result(text: text, warnings: warnings, parts: timeline.parts.count, annotations: 0)
        case .webvttMetadata:
            let timeline = try vttTimeline(sources, format: format)
            return Result(text: WebVTTMetadata.render(timeline, codebook: codebook), warnings: [], parts: 0,
                          annotations: timeline.annotations.count)
        case .otio:
            let name = output.deletingPathExtension().lastPathComponent
            return Result(text: try OTIOWriter.render(sources, codebook: codebook, name: name), warnings: [],
                          parts: sources.count, annotations: annotationCount)
        case .eaf:
            guard sources.count == 1, let source = sources.first else {
                throw InterchangeError(.usage, path: "", message: "an ELAN file describes one video: export one sidecar (a lesson, or one clip) per .eaf")
            }
            return Result(text: try EAFWriter.render(source, codebook: codebook, document: output), warnings: [],
                          parts: partCount, annotations: annotationCount)
        case .webanno:
            return Result(text: WebAnnotationWriter.render(sources, codebook: codebook), warnings: [], parts: 0,
                          annotations: annotationCount)
        case .csvClips:
            return Result(text: try ClipListCSV.render(sources), warnings: [], parts: partCount, annotations: 0)
        case .csvAnnotations:
            return Result(text: AnnotationCSV.render(sources), warnings: [], parts: 0, annotations: annotationCount)
        }
    }

    /// One clip alone is shown on its own video; anything else on the lesson's.
    private static func vttTimeline(_ sources: [LoadedSidecar], format: ExportFormat) throws(InterchangeError) -> PlacedTimeline {
        if sources.count == 1, let only = sources.first, only.sidecar.kind == .clip { return TimelinePlacement.own(only) }
        return try TimelinePlacement.lesson(sources, format: "a WebVTT track (\(format.rawValue))")
    }

    /// The same sidecar twice would export its annotations twice.
    private static func requireDistinct(_ sources: [LoadedSidecar]) throws(InterchangeError) {
        var seen: [String: String] = [:]
        for source in sources {
            let key = "\(source.sidecar.kind.rawValue):\(source.sidecar.id)"
            if let earlier = seen[key] {
                throw InterchangeError(.usage, path: source.path,
                                       message: "is the same \(source.sidecar.kind.rawValue) sidecar as \(earlier) (id \(source.sidecar.id))")
            }
            seen[key] = source.path
        }
    }

    /// The codebook the sources' annotations use: `preferred` if given, else the built-in one
    /// they name (the MQI codebook when none has annotations yet).
    public static func codebook(for sources: [LoadedSidecar], preferred: Codebook?) throws(InterchangeError) -> Codebook {
        let named = Set(sources.compactMap { $0.sidecar.codebook?.id })
        if let preferred {
            if let other = named.first(where: { $0 != preferred.id }) {
                throw InterchangeError(.usage, path: "", message: "the sidecars use codebook '\(other)' but '\(preferred.id)' was given")
            }
            return preferred
        }
        guard named.count <= 1 else {
            throw InterchangeError(.usage, path: "", message: "the sidecars use different codebooks (\(named.sorted().joined(separator: ", "))); export them apart")
        }
        let id = named.first ?? Codebook.mqiID
        guard let codebook = Codebook.builtIn(id: id) else {
            throw InterchangeError(.usage, path: "", message: "the sidecars use codebook '\(id)', which is not built in",
                                            remedy: .codebookFile)
        }
        return codebook
    }
}
