import ClipCoachCore
import Foundation

/// A lesson transcript: one line per cue (WebVTT, SRT) or per row (TSV, CSV), in file order.
public struct Transcript: Sendable, Equatable {
    public enum Format: String, Sendable, Codable, CaseIterable {
        case webvtt, srt, tsv, csv
    }

    public struct Line: Sendable, Equatable, Codable {
        /// 1-based line of the file where the cue or row starts, for error messages.
        public var fileLine: Int
        /// The speaker as written (`T`, `S2`, `Ms. Lee`); empty if the file does not say.
        public var speaker: String
        public var text: String
        /// Seconds on the lesson's timeline, when the file gives them.
        public var start: Double?
        public var end: Double?

        public init(fileLine: Int, speaker: String, text: String, start: Double? = nil, end: Double? = nil) {
            self.fileLine = fileLine
            self.speaker = speaker
            self.text = text
            self.start = start
            self.end = end
        }
    }

    public var format: Format
    public var lines: [Line]

    public init(format: Format, lines: [Line]) {
        self.format = format
        self.lines = lines
    }

    /// Times must not run backwards and must lie within the lesson (a small slack for rounding).
    public func checkTimes(lessonDuration: Double?) throws(TranscriptError) {
        var previousStart: Double?
        for line in lines {
            guard let start = line.start else { continue }
            if let end = line.end, end < start {
                throw TranscriptError(line: line.fileLine, "ends (\(Timecode.clock(end))) before it starts (\(Timecode.clock(start)))")
            }
            if let previous = previousStart, start + 0.001 < previous {
                throw TranscriptError(line: line.fileLine, "starts at \(Timecode.clock(start)), before the line above it (\(Timecode.clock(previous))): times out of order")
            }
            if let duration = lessonDuration, (line.end ?? start) > duration + 1 {
                throw TranscriptError(line: line.fileLine, "time \(Timecode.clock(line.end ?? start)) is after the end of the lesson (\(Timecode.clock(duration)))")
            }
            previousStart = start
        }
    }
}

/// A transcript that cannot be read; `line` is the file's 1-based line when one is to blame.
public struct TranscriptError: Error, Equatable, CustomStringConvertible {
    public let line: Int?
    public let message: String

    public init(line: Int? = nil, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// Times in transcripts: `HH:MM:SS(.mmm)`, `MM:SS(.mmm)`, SRT's comma decimals, plain seconds.
public enum TranscriptTime {
    public static func parse(_ raw: String) -> Double? {
        let text = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard !text.isEmpty else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var seconds = 0.0
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && ($0.isNumber || (isLast && $0 == ".")) }),
                  let value = Double(part) else { return nil }
            if index > 0 && value >= 60 { return nil }
            seconds = seconds * 60 + value
        }
        return seconds
    }
}
