import ClipCoachCore
import ClipCoachKit
import Foundation

/// Cuts started from the lesson page, by job id, with their progress. Kept in memory: a
/// restarted studio has none running, and finished clips are on disk and in the catalog.
/// Watchers (the event stream) get every change as it is made, not on a timer.
final class CutJobs: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var jobs: [String: CutJobState] = [:]
    private var watchers: [String: [UUID: AsyncStream<CutJobState>.Continuation]] = [:]

    func start(lessonID: Int64, label: String, start: Double, end: Double) -> CutJobState {
        let job = CutJobState(id: UUID().uuidString.lowercased(), lessonID: lessonID, state: .running, progress: 0,
                              message: nil, clipID: nil, label: label, start: start, end: end)
        lock.withLock { jobs[job.id] = job }
        return job
    }

    func get(_ id: String) -> CutJobState? { lock.withLock { jobs[id] } }

    func update(_ id: String, _ change: (inout CutJobState) -> Void) {
        let (job, listeners): (CutJobState?, [AsyncStream<CutJobState>.Continuation]) = lock.withLock {
            guard let old = jobs[id] else { return (nil, []) }
            var job = old
            change(&job)
            jobs[id] = job
            // Progress is told in whole percents: a copy reports every packet.
            var told = old
            told.progress = job.progress
            if told == job && Int(old.progress * 100) == Int(job.progress * 100) { return (nil, []) }
            let listeners = Array((watchers[id] ?? [:]).values)
            if job.state != .running { watchers[id] = nil }
            return (job, listeners)
        }
        guard let job else { return }
        for listener in listeners {
            listener.yield(job)
            if job.state != .running { listener.finish() }
        }
    }

    /// The job now, then each change until it is done or failed; nil for an unknown job.
    func watch(_ id: String) -> AsyncStream<CutJobState>? {
        let (stream, continuation) = AsyncStream.makeStream(of: CutJobState.self, bufferingPolicy: .bufferingNewest(64))
        let key = UUID()
        let current: CutJobState? = lock.withLock {
            guard let job = jobs[id] else { return nil }
            // Registered under the lock that updates take: no change falls between the two.
            if job.state == .running { watchers[id, default: [:]][key] = continuation }
            return job
        }
        guard let current else { return nil }
        continuation.yield(current)
        if current.state != .running { continuation.finish() }
        continuation.onTermination = { [self] _ in lock.withLock { _ = watchers[id]?.removeValue(forKey: key) } }
        return stream
    }
}

extension StudioLibrary {
    /// Checks the window, starts the cut in the background and returns its job at once.
    /// The cut is `CutJob` (the `cut` command's engine): clip, poster and sidecar appear whole
    /// in the lesson's clip folder, then the clip is catalogued.
    func startCut(lessonID: Int64, _ request: CutRequest) throws(APIError) -> CutJobState {
        let lesson = try lesson(id: lessonID)
        let folder = Self.clipFolder(forLesson: lesson.videoPath)
        let cut: CutJob
        do throws(CutError) {
            cut = try MarkedClip.plan(lessonPath: lesson.videoPath, lessonName: lesson.label, lessonDuration: lesson.duration,
                                      start: request.start, end: request.end, label: request.label, folder: folder)
        } catch {
            switch error {
            case .exists(let name): throw APIError(.conflict, "a clip named '\(name)' was already cut from this lesson: choose another label")
            case .invalid(_, let message): throw APIError(.unprocessableContent, message)
            default: throw APIError(.unprocessableContent, error.description)
            }
        }
        let chosen = cut.specs.first?.label ?? lesson.label
        let job = jobs.start(lessonID: lessonID, label: chosen, start: request.start, end: request.end)
        let jobs = jobs
        Task.detached {
            let outcome: Result<CutResult, APIError> = await BlockingIO.run { () -> Result<CutResult, APIError> in
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                } catch {
                    return .failure(APIError(.internalServerError, "cannot make the lesson's clip folder"))
                }
                do throws(CutError) {
                    let results = try cut.run { fraction in
                        jobs.update(job.id) { $0.progress = min(0.9, fraction * 0.9) }
                        return true
                    }
                    guard let result = results.first else { return .failure(APIError(.internalServerError, "nothing was cut")) }
                    return .success(result)
                } catch {
                    // Name the lesson, not where it lives on the server.
                    let message = error.description.replacingOccurrences(of: lesson.videoPath, with: lesson.label)
                        .replacingOccurrences(of: folder.path, with: "the clip folder")
                    return .failure(APIError(.unprocessableContent, message))
                }
            }
            switch outcome {
            case .failure(let error):
                jobs.update(job.id) { $0.state = .failed; $0.message = error.message }
            case .success(let result):
                jobs.update(job.id) { $0.progress = 0.95; $0.start = result.sidecar.clip?.actualStart; $0.end = result.sidecar.clip?.actualEnd }
                // Listed at once: catalogued with the poster the cut chose, then its thumbnails
                // are made in the background (the coach is looking at the clip, not its filmstrip).
                let clipPath = result.files.clip.path
                let known = result.poster.map { [clipPath: $0] } ?? [:]
                let problems = await self.ingest([clipPath], maxThumbnails: Self.clipThumbnails) { options in
                    options.knownPosters = known
                    options.makeThumbnails = false
                }
                let id = try? self.catalog.clipID(forSidecar: result.files.sidecar.path)
                jobs.update(job.id) {
                    if let id {
                        $0.state = .done
                        $0.progress = 1
                        $0.clipID = id
                        $0.message = result.sidecar.clip?.warnings.joined(separator: "; ")
                    } else {
                        $0.state = .failed
                        $0.message = "the clip was cut but not catalogued: " + problems.joined(separator: "; ")
                    }
                }
                if id != nil {
                    // Best effort: should this fail, or the studio stop first, the clip is still
                    // whole (listed, poster, sidecar) and lacks only its keyframe thumbnails, which
                    // an ingest makes again once the clip file changes.
                    _ = await self.ingest([clipPath], maxThumbnails: Self.clipThumbnails) { options in
                        options.knownPosters = known
                        options.redoPictures = true
                    }
                }
            }
        }
        return job
    }

    /// Thumbnails the catalog makes for a clip cut in the studio: enough for a library card.
    static let clipThumbnails = 8
}
