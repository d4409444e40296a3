import ClipCoachCore
import Foundation
import Media

/// The coach's main job: cut clips out of a filmed lesson, each with a poster
/// and a sidecar beside it. Nothing appears under its final name until it is whole.
public struct CutJob: Sendable {
    /// copy: lossless from the keyframe at or before START; reencode: frame-accurate
    /// H.264 + AAC; smart: frame-accurate, only the frames up to the first keyframe
    /// after START re-encoded (with the source's codec), the rest copied.
    public enum Mode: String, Sendable, CaseIterable { case copy, reencode, smart }
    public enum Container: String, Sendable, CaseIterable { case mp4, mkv, same }

    public var lessonPath: String
    public var specs: [ClipSpec]
    public var outputFolder: URL
    public var mode: Mode = .copy
    public var container: Container = .mp4
    public var force = false
    public var options = CutOptions()
    /// Poster width in pixels; nil writes no posters.
    public var posterWidth: Int? = 640

    public init(lessonPath: String, specs: [ClipSpec], outputFolder: URL) {
        self.lessonPath = lessonPath
        self.specs = specs
        self.outputFolder = outputFolder
    }

    /// Cuts every clip; `progress` gets the fraction done and returns false to stop.
    /// The lesson is checked before the output folder is made (with its parents, as `mkdir -p`),
    /// so a refused cut leaves no empty folder behind.
    public func run(progress: ((Double) -> Bool)? = nil) throws(CutError) -> [CutResult] {
        let lesson = try CutError.wrap { () throws(MediaError) in try MediaFile(path: lessonPath) }
        let info = lesson.info()
        let video = try CutError.wrap { () throws(MediaError) in try lesson.requireVideoStream() }
        var job = self
        // Re-encoding never makes a picture taller than the lesson's: that adds bytes, not detail.
        if let wanted = options.height, let source = info.mainVideo?.height, source > 0, wanted > source {
            job.options.height = source
        }
        let created = try OutputFolder.prepare(outputFolder)
        do {
            return try job.cutAll(lesson: lesson, info: info, video: video, progress: progress)
        } catch {
            OutputFolder.removeIfEmpty(created)
            throw error
        }
    }

    private func cutAll(lesson: MediaFile, info: MediaInfo, video: Int, progress: ((Double) -> Bool)?) throws(CutError) -> [CutResult] {
        let plan = try CutPlan.make(specs: specs, info: info, lessonPath: lessonPath)
        let names = ClipNaming.names(for: specs)
        let staging = Staging(folder: outputFolder)
        defer { staging.removeAll() }

        let cutter = ClipCutter(file: lesson)
        var fallbackWarning: String?
        var jobWarnings: [String] = []
        var mode = self.mode
        if mode == .smart && !cutter.canSmartCut {
            // Only codecs it can re-encode with the source's own parameters are smart-cut.
            jobWarnings.append("smart cut cannot re-encode \(info.mainVideo?.codec ?? "this") video with its own parameters: re-encoded instead")
            mode = .reencode
        }
        // MP4 is the default because everything plays it, but it cannot hold every codec
        // (VP6 or Sorenson Spark from Flash video): such a lesson is copied into Matroska,
        // or its own container, rather than refused.
        var container = self.container
        if mode != .reencode && container == .mp4 && !cutter.containerAccepts(stream: video, container: "mp4") {
            let same = OutputFormat.choose(.same, mode: mode, lessonPath: lessonPath)
            let fitting: Container = cutter.containerAccepts(stream: video, container: "matroska") ? .mkv
                : cutter.containerAccepts(stream: video, container: same.muxer) ? .same : .mp4
            if fitting != .mp4 {
                container = fitting
                let chosen = OutputFormat.choose(fitting, mode: mode, lessonPath: lessonPath)
                jobWarnings.append("MP4 cannot hold \(info.mainVideo?.codec ?? "this") video: written as .\(chosen.fileExtension) (\(chosen.muxer == "matroska" ? "Matroska" : "the lesson's own container")) instead")
            }
        }
        var attempt = try Attempt(job: self, mode: mode, container: container, names: names)
        if let height = options.height, let source = info.mainVideo?.height, source > 0, height > source, mode == .reencode {
            jobWarnings.append("the height asked for, \(height), is above the lesson's \(source): kept \(source) (never upscaled)")
        }
        let outcomes: [ClipOutcome]
        do {
            outcomes = try cut(lesson: lesson, plan: plan, attempt: attempt, staging: staging, progress: progress)
        } catch .media(let error) where error.kind == .needsReencode && mode != .reencode {
            // Some files (AVI with B-frames) cannot be stream-copied into a valid clip:
            // re-encoding is slower but gives the coach a clip that plays.
            staging.removeAll()
            attempt = try Attempt(job: self, mode: .reencode, container: container, names: names)
            fallbackWarning = "\(error.message); re-encoded instead"
            outcomes = try cut(lesson: lesson, plan: plan, attempt: attempt, staging: staging, progress: progress)
        }
        let fingerprint = try CutError.wrap { () throws(SidecarError) in try ContentFingerprint.of(path: lessonPath) }
        let lessonContext = Self.lessonContext(beside: lessonPath, fingerprint: fingerprint)
        var results: [CutResult] = []
        for index in plan.indices {
            let files = attempt.files[index]
            let outcome = outcomes[index]
            let warnings = plan[index].warnings + jobWarnings + [fallbackWarning].compactMap { $0 }
                + Self.warnings(for: outcome, format: attempt.format, origin: plan.origin)
            let (posterTemp, posterPick) = try writePoster(clip: staging.path(for: files.clip), files: files, staging: staging)
            var sidecar = SidecarFactory.clip(
                name: names[index], files: files, plan: plan[index], outcome: outcome, info: info,
                origin: plan.origin, fingerprint: fingerprint, mode: attempt.mode, format: attempt.format,
                posterWritten: posterTemp != nil, warnings: warnings)
            if let lessonContext { SidecarFactory.inherit(lessonContext, into: &sidecar) }
            try staging.commit(files.clip)
            if posterTemp != nil, let poster = files.poster { try staging.commit(poster) }
            // --force never drops the annotations of the sidecar it replaces (see SidecarStore.replace).
            let written: Sidecar
            do throws(SidecarError) {
                if force {
                    written = try SidecarStore.replace(with: sidecar, at: files.sidecar)
                } else {
                    try SidecarStore.create(sidecar, at: files.sidecar, overwrite: false)
                    written = sidecar
                }
            } catch {
                throw CutError.sidecar(error)
            }
            results.append(CutResult(files: files, sidecar: written, poster: posterTemp == nil ? nil : posterPick))
        }
        return results
    }

    /// The output format and file names for one way of cutting.
    struct Attempt {
        let mode: Mode
        let format: OutputFormat
        let files: [ClipFiles]

        init(job: CutJob, mode: Mode, container: Container, names: [String]) throws(CutError) {
            self.mode = mode
            format = OutputFormat.choose(container, mode: mode, lessonPath: job.lessonPath)
            let format = format
            files = names.map { ClipFiles(folder: job.outputFolder, name: $0, clipExtension: format.fileExtension,
                                          withPoster: job.posterWidth != nil) }
            if !job.force {
                for clipFiles in files { try clipFiles.refuseExisting() }
            }
        }
    }

    static func warnings(for outcome: ClipOutcome, format: OutputFormat, origin: Double) -> [String] {
        var warnings: [String] = []
        if outcome.droppedStreams > 0 {
            warnings.append("\(outcome.droppedStreams) stream(s) left out: the \(format.muxer) container cannot hold them")
        }
        if outcome.damagedPackets > 0 {
            warnings.append("\(outcome.damagedPackets) damaged packet(s) of the lesson left out")
        }
        if let dataEnd = outcome.dataEnd {
            warnings.append("the lesson's readable data ends at \(Timecode.format(dataEnd - origin)) (damaged or truncated file): the clip is shorter than asked")
        }
        return warnings
    }

    private func cut(lesson: MediaFile, plan: CutPlan, attempt: Attempt, staging: Staging,
                     progress: ((Double) -> Bool)?) throws(CutError) -> [ClipOutcome] {
        let cutter = ClipCutter(file: lesson)
        let files = attempt.files, format = attempt.format
        switch attempt.mode {
        case .copy:
            let keyframes = try CutError.wrap { () throws(MediaError) in try lesson.keyframes() }
            let requests = try plan.indices.map { index throws(CutError) in
                let wanted = plan[index].sourceStart
                guard let start = keyframes.keyframe(atOrBefore: wanted) ?? keyframes.times.first else {
                    throw CutError.media(MediaError(.damaged, path: lessonPath, message: "no keyframe to start a clip from"))
                }
                return ClipRequest(start: start, end: plan[index].sourceEnd,
                                   outputPath: staging.reserve(files[index].clip), container: format.muxer)
            }
            let outcomes = try CutError.wrap { () throws(MediaError) in
                try cutter.copy(requests, options: options, progress: progress)
            }
            // Starting at the keyframe before a window that lies past a truncated file's
            // data would give a clip of something else: say so instead.
            for (index, outcome) in outcomes.enumerated() where outcome.actualEnd <= plan[index].sourceStart {
                throw CutError.media(MediaError(.damaged, path: lessonPath, message: String(
                    format: "the readable data ends at %.3f s, before the clip starts (damaged or truncated file)",
                    outcome.actualEnd - plan.origin)))
            }
            return outcomes
        case .reencode, .smart:
            // One keyframe listing for every clip: each decodes from the keyframe before its start.
            let keyframes = try? lesson.keyframes()
            var outcomes: [ClipOutcome] = []
            for index in plan.indices {
                let start = plan[index].sourceStart
                let request = ClipRequest(start: start, end: plan[index].sourceEnd,
                                          outputPath: staging.reserve(files[index].clip), container: format.muxer,
                                          decodeFrom: keyframes.flatMap { $0.keyframe(atOrBefore: start) ?? $0.times.first })
                let share = 1.0 / Double(plan.count)
                let report = progress.map { report in { (fraction: Double) in report((Double(index) + fraction) * share) } }
                let outcome = try CutError.wrap { () throws(MediaError) in
                    attempt.mode == .smart ? try cutter.smart(request, options: options, progress: report)
                        : try cutter.reencode(request, options: options, progress: report)
                }
                outcomes.append(outcome)
            }
            return outcomes
        }
    }

    /// The poster comes from the written clip itself, so it shows what the clip shows.
    private func writePoster(clip: String, files: ClipFiles, staging: Staging) throws(CutError) -> (String?, PosterPick?) {
        guard let width = posterWidth, let poster = files.poster else { return (nil, nil) }
        let temporary = staging.reserve(poster)
        let pick = try CutError.wrap { () throws(MediaError) -> PosterPick in
            let pick = try Poster.choose(path: clip, start: 0, end: .infinity, width: width)
            try pick.write(to: temporary)
            return pick
        }
        return (temporary, pick)
    }
}

extension CutJob {
    /// The context of the lesson sidecar beside the lesson (`lesson.json` for `lesson.mp4`),
    /// when it is this lesson's (same fingerprint). A missing or unreadable one is no context:
    /// the cut itself does not depend on it.
    static func lessonContext(beside lessonPath: String, fingerprint: String) -> Sidecar.Context? {
        let url = URL(fileURLWithPath: lessonPath).deletingPathExtension().appendingPathExtension("json")
        guard FileManager.default.fileExists(atPath: url.path),
              let lesson = try? SidecarStore.read(url), lesson.kind == .lesson, lesson.source.fingerprint == fingerprint
        else { return nil }
        return lesson.context
    }
}
