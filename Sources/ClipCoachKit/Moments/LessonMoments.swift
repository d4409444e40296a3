import ClipCoachCore
import Foundation
import Media
import Moments
import TalkMoves

/// `clipcoach moments`: the talk map of a lesson from its audio (and its transcript, when given),
/// the transcript's talk moves, and candidate moments per focus code; stored in the lesson sidecar.
public struct LessonMoments: Sendable {
    public var lesson: String
    public var transcript: String?
    public var teacher: String?
    public var minPause: Double
    public var mapPath: String?
    /// The codes to rank moments for; empty: every code the map names.
    public var codes: [String]
    public var length: Double

    public init(lesson: String, transcript: String? = nil, teacher: String? = nil, minPause: Double = 2,
                mapPath: String? = nil, codes: [String] = [], length: Double = 90) {
        self.lesson = lesson
        self.transcript = transcript
        self.teacher = teacher
        self.minPause = minPause
        self.mapPath = mapPath
        self.codes = codes
        self.length = length
    }

    public func run() throws(LessonMomentsError) -> LessonMomentsReport {
        let map: MomentsMap
        do throws(MomentsError) {
            if let mapPath { map = try MomentsMap.load(URL(fileURLWithPath: mapPath)) } else { map = try MomentsMap.shipped() }
        } catch {
            throw .map(error)
        }
        let file: MediaFile
        do { file = try MediaFile(path: lesson) } catch { throw .media(error) }
        let info = file.info()
        // On the lesson's own timeline (0 = first frame), as `cut` and `cycle suggest` use them.
        let origin = info.startTime ?? 0
        let keyframes = ((try? file.keyframes().times) ?? []).map { Timecode.rounded($0 - origin) }.filter { $0 >= 0 }

        var tagged: TaggedTranscript?
        if let transcript {
            tagged = try TaggedTranscript.read(path: transcript, teacher: teacher, lessonDuration: info.duration)
        }

        var talkMap: TalkMap?
        var noAudio: String?
        do {
            let audio = try AudioSamples(file: file)
            var frames = AudioFrames()
            try audio.forEachBlock { frames.consume($0) }
            frames.finish()
            let duration = info.duration ?? Double(frames.frameCount) * AudioFrames.frameSeconds
            talkMap = TalkMapBuilder.build(frames: frames, duration: duration, minPause: minPause, cues: tagged?.cues ?? [])
        } catch where error.kind == .noVideo {
            // CM_E_NO_STREAM: the file has no audio stream.
            noAudio = "\(lesson): no audio stream, so no talk map"
            guard tagged != nil else { throw .noAudio(noAudio ?? "") }
        } catch {
            throw .media(error)
        }

        let duration = info.duration ?? talkMap?.duration ?? tagged?.lastTime ?? 0
        let segments = (try? ScoringSegments.divide(duration: duration, length: 450)) ?? []
        let shares = talkMap?.shares(segments: segments.map { ($0.start, $0.end) }) ?? []
        let finder = MomentFinder(map: map, duration: duration, length: length, keyframes: keyframes)
        let focus = codes.isEmpty ? map.codes.keys.sorted() : codes
        let moves = tagged?.timedMoves ?? []
        let moments = finder.find(codes: focus, talk: talkMap, moves: moves)
        let growth = focus.compactMap { code -> Moment? in
            let best = moments.first { $0.code == code && $0.rank == 1 }
            return finder.growth(code: code, talk: talkMap, moves: moves, avoiding: best?.window)
        }
        return LessonMomentsReport(
            duration: duration, audio: noAudio == nil, note: noAudio, attribution: talkMap?.attribution ?? "transcript",
            minPause: minPause, talk: talkMap?.talk ?? [], pauses: talkMap?.pauses ?? [],
            shares: shares, moments: moments, growth: growth, transcript: tagged?.summary)
    }
}

public enum LessonMomentsError: Error, CustomStringConvertible {
    case media(MediaError)
    case noAudio(String)
    case transcript(String, TranscriptError)
    case map(MomentsError)
    case model(TalkMoveModelError)

    public var description: String {
        switch self {
        case .media(let error): "\(error)"
        case .noAudio(let reason): reason + " (a transcript file gives moments from the transcript alone)"
        case .transcript(let path, let error): "\(path): \(error)"
        case .map(let error): "\(error)"
        case .model(let error): "\(error)"
        }
    }
}

/// What `moments` found; also what the lesson sidecar keeps under `moments`.
public struct LessonMomentsReport: Sendable, Codable, Equatable {
    public var duration: Double
    /// False when the lesson has no audio stream (moments from the transcript alone).
    public var audio: Bool
    public var note: String?
    public var attribution: String
    public var minPause: Double
    public var talk: [TalkMap.Stretch]
    public var pauses: [TalkMap.Pause]
    public var shares: [TalkMap.Share]
    public var moments: [Moment]
    /// Per code, the weakest window with talk outside its best moment: where the next step is.
    public var growth: [Moment]
    public var transcript: TranscriptSummary?
}

/// A transcript as stored with the lesson: each line with its role and talk move.
public struct TranscriptSummary: Sendable, Codable, Equatable {
    public struct Line: Sendable, Codable, Equatable {
        public var start: Double?
        public var end: Double?
        public var speaker: String
        public var role: TalkRole
        public var move: String
        public var text: String
    }
    public var file: String
    public var format: Transcript.Format
    public var lines: [Line]
}

/// A transcript read, its speakers mapped to roles, and every line tagged with its talk move.
public struct TaggedTranscript: Sendable {
    public var transcript: Transcript
    public var sentences: [TalkSentence]
    public var tags: [TalkMoveTag]
    public var file: String

    public static func read(path: String, teacher: String?, lessonDuration: Double?) throws(LessonMomentsError) -> TaggedTranscript {
        let transcript: Transcript
        let sentences: [TalkSentence]
        do {
            transcript = try TranscriptReader.read(path: path)
            try transcript.checkTimes(lessonDuration: lessonDuration)
            sentences = try SpeakerRoles.assign(transcript.lines, teacher: teacher)
        } catch {
            throw .transcript(path, error)
        }
        let model: TalkMoveModel
        do { model = try TalkMoveModel.shipped() } catch { throw .model(error) }
        return TaggedTranscript(transcript: transcript, sentences: sentences,
                                tags: TalkMoveTagger(model: model).tag(sentences),
                                file: URL(fileURLWithPath: path).lastPathComponent)
    }

    public var cues: [TalkMapBuilder.TimedCue] { TalkMapBuilder.cues(transcript.lines, roles: sentences) }

    public var timedMoves: [TimedMove] {
        zip(transcript.lines, tags).compactMap { line, tag in
            line.start.map { TimedMove(time: $0, role: tag.role, move: tag.move) }
        }
    }

    public var lastTime: Double? { transcript.lines.compactMap { $0.end ?? $0.start }.max() }

    public var summary: TranscriptSummary {
        TranscriptSummary(file: file, format: transcript.format, lines: zip(zip(transcript.lines, sentences), tags).map { pair, tag in
            TranscriptSummary.Line(start: pair.0.start, end: pair.0.end, speaker: pair.1.speaker, role: tag.role,
                                   move: tag.move, text: pair.0.text)
        })
    }
}
