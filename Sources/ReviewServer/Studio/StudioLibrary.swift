import Catalog
import ClipCoachCore
import ClipCoachKit
import Foundation
import Media

/// The studio's data: the lessons in the lessons folders (as the catalog knows them), their
/// sidecars, keyframes and clips, and the catalog kept up to date as lessons arrive and clips
/// are cut. Methods that touch files or the catalog block: call them through `BlockingIO`.
final class StudioLibrary: Sendable {
    /// SQLite or PostgreSQL.
    let catalog: OpenedCatalog
    let codebook: Codebook
    let lessonFolders: [URL]
    /// Where served files must lie (opened beneath these, no symbolic links): the review
    /// server's media roots.
    let servedRoots: [String]
    let maxUpload: Int64
    let jobs = CutJobs()
    private let sidecars = SidecarCache()
    private let keyframeCache = KeyframeCache()
    private let ingests = SerialIngest()

    init(_ configuration: StudioConfiguration, catalog: OpenedCatalog) {
        self.catalog = catalog
        codebook = configuration.review.codebook
        lessonFolders = configuration.lessonFolders.map { URL(fileURLWithPath: $0, isDirectory: true) }
        servedRoots = configuration.review.mediaRoots
        maxUpload = configuration.maxUpload
    }

    /// At start: lesson sidecars for lessons that have none (the studio scores into them), then
    /// the lessons folders ingested. Returns the problems to log; none of them stops the studio.
    func prepare() async -> [String] {
        var problems: [String] = []
        for folder in lessonFolders { problems += LessonIntake.prepareFolder(folder) }
        guard !lessonFolders.isEmpty else { return problems }
        return problems + (await ingest(lessonFolders.map(\.path)))
    }

    /// Brings the catalog up to date with `paths` (files or folders), one ingest at a time.
    /// `maxThumbnails` below the default keeps a fresh clip's listing quick (the filmstrip is the lesson's).
    @discardableResult
    func ingest(_ paths: [String], maxThumbnails: Int = IngestOptions().maxThumbnails,
                adjust: @escaping @Sendable (inout IngestOptions) -> Void = { _ in }) async -> [String] {
        let catalog = catalog, codebook = codebook
        return await ingests.run {
            do throws(CatalogError) {
                var options = IngestOptions(maxThumbnails: maxThumbnails, codebooks: CodebookSet(extra: [codebook]))
                adjust(&options)
                let summary = try await catalog.ingest(paths, options: options)
                return summary.failures.map { "\(URL(fileURLWithPath: $0.path).lastPathComponent): \($0.failure?.message ?? "failed")" }
            } catch {
                return ["ingest: \(error.description)"]
            }
        }
    }

    // MARK: Lessons

    func lessons() throws(APIError) -> [LessonSummary] {
        let folders = lessonFolders.map { $0.standardizedFileURL.path }
        let found: [StudioLesson]
        do {
            found = folders.isEmpty ? try catalog.studioLessons(in: []) : try catalog.studioLessons(in: folders)
        } catch {
            throw APIError(.internalServerError, error.description)
        }
        return found.map(summary)
    }

    func lesson(id: Int64) throws(APIError) -> StudioLesson {
        let found: StudioLesson?
        do { found = try catalog.studioLesson(id: id) } catch { throw APIError(.internalServerError, error.description) }
        guard let found else { throw .notFound("no lesson with id \(id)") }
        return found
    }

    func detail(id: Int64) throws(APIError) -> LessonDetail {
        let lesson = try lesson(id: id)
        let sidecar = lesson.sidecarPath.flatMap { try? sidecars.sidecar(at: $0) }
        let origin = lesson.startTime ?? 0
        let stored = sidecar.flatMap(LessonMomentsStore.load(from:))
        let thumbnails: [StudioThumbnail]
        let clips: [StudioLessonClip]
        do {
            thumbnails = try catalog.keyframeThumbnails(clipID: id)
            clips = try catalog.clipsCut(fromFingerprint: lesson.fingerprint)
        } catch {
            throw APIError(.internalServerError, error.description)
        }
        return LessonDetail(
            summary: summary(lesson),
            mediaURL: "/api/lessons/\(id)/media", mediaType: MediaTypes.type(forFile: lesson.videoPath),
            revision: sidecar?.revision, codebook: codebook.id,
            segments: (sidecar?.segments ?? []).map { .init(number: $0.number, start: $0.start, end: $0.end) },
            annotations: sidecar?.annotations ?? [],
            filmstrip: thumbnails.enumerated().map { index, thumb in
                .init(time: Timecode.rounded(thumb.time - origin), url: "/api/lessons/\(id)/thumbs/\(index)")
            },
            clips: clips.map { clip in
                .init(id: clip.id, label: clip.label, start: clip.start, end: clip.end, requestedStart: clip.requestedStart,
                      requestedEnd: clip.requestedEnd, posterURL: "/api/clips/\(clip.id)/poster",
                      reviewURL: clip.hasSidecar ? "/clip.html?id=\(clip.id)" : nil)
            },
            talk: (stored?.talk ?? []).map { .init(start: $0.start, end: $0.end, speaker: $0.speaker.rawValue) },
            pauses: (stored?.pauses ?? []).map { .init(start: $0.start, end: $0.end) },
            moments: (stored?.moments ?? []).map { .init(start: $0.start, end: $0.end, code: $0.code, rank: $0.rank, reasons: $0.reasons) },
            reviewURL: lesson.sidecarPath == nil ? nil : "/clip.html?id=\(id)")
    }

    /// Keyframe times on the lesson's timeline (where a copy cut really starts), read once per lesson.
    func keyframes(id: Int64) throws(APIError) -> [Double] {
        let lesson = try lesson(id: id)
        if let cached = keyframeCache.get(lesson.fingerprint) { return cached }
        let times: [Double]
        do {
            times = try MediaFile(path: lesson.videoPath).keyframes().times
        } catch {
            throw APIError(.unprocessableContent, "the lesson's keyframes cannot be read: \(error.message)")
        }
        let origin = lesson.startTime ?? 0
        let onLesson = times.map { Timecode.rounded($0 - origin) }
        keyframeCache.put(lesson.fingerprint, onLesson)
        return onLesson
    }

    func thumbnailPath(id: Int64, index: Int) throws(APIError) -> String {
        let thumbnails: [StudioThumbnail]
        do { thumbnails = try catalog.keyframeThumbnails(clipID: id) } catch { throw APIError(.internalServerError, error.description) }
        guard thumbnails.indices.contains(index) else { throw .notFound("lesson \(id) has no thumbnail \(index)") }
        return thumbnails[index].path
    }

    /// Where the clips cut from a lesson go: `lesson.mp4` -> `lesson-clips/` beside it.
    static func clipFolder(forLesson path: String) -> URL {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(url.deletingPathExtension().lastPathComponent + "-clips")
    }

    private func summary(_ lesson: StudioLesson) -> LessonSummary {
        let sidecar = lesson.sidecarPath.flatMap { try? sidecars.sidecar(at: $0) }
        let scores = sidecar.map { $0.annotations.count } ?? lesson.annotationCount
        return LessonSummary(
            id: lesson.id, label: lesson.label, duration: lesson.duration,
            teacher: sidecar?.context.teacher ?? lesson.teacher, grade: sidecar?.context.grade ?? lesson.grade,
            date: sidecar?.context.lessonDate ?? lesson.lessonDate,
            posterURL: lesson.posterPath == nil ? nil : "/api/lessons/\(lesson.id)/poster",
            scoreCount: scores, clipCount: lesson.clipCount, cycleCount: lesson.cycleCount, momentCount: sidecar.flatMap(LessonMomentsStore.load(from:))?.moments.count ?? 0)
    }
}

/// Keyframe lists by content fingerprint (a changed file gets a new one).
final class KeyframeCache: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var entries: [String: [Double]] = [:]

    func get(_ key: String) -> [Double]? { lock.withLock { entries[key] } }
    func put(_ key: String, _ value: [Double]) { lock.withLock { entries[key] = value } }
}

/// Runs ingests one after another: the catalog allows one ingest at a time.
actor SerialIngest {
    private var last: Task<[String], Never>?

    func run(_ work: @escaping @Sendable () async -> [String]) async -> [String] {
        let previous = last
        let task = Task { () async -> [String] in
            _ = await previous?.value
            return await work()
        }
        last = task
        return await task.value
    }
}
