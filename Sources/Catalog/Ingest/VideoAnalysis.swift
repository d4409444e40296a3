import ClipCoachCore
import Foundation
import Media

/// What the work on one file decided, ready for `CatalogWriter`.
enum FileWork: Sendable {
    case unchanged(path: String)
    case ingest(VideoUpdate)
    case failed(path: String, failure: IngestFailure)
}

/// The rows one ingested file gives the catalog.
struct VideoUpdate: Sendable {
    /// Without an id: the writer finds the row by path.
    var video: CatalogVideo
    /// The pictures made for it; nil keeps the catalog's (no media work was needed).
    var thumbnails: [CatalogThumbnail]?
    var facts: ClipFacts
    /// The media folder used before, removed after the commit when it is not the new one.
    var previousMediaFolder: String?
}

/// Everything a file's task needs; shared by all tasks of a run.
struct IngestContext: Sendable {
    let catalog: CatalogDatabase
    let layout: MediaFolderLayout
    let options: IngestOptions
}

/// Deciding, per file, whether anything changed, and doing the media work when it did.
enum VideoAnalysis {
    static func work(for scanned: ScannedVideo, context: IngestContext) async throws(CatalogError) -> FileWork {
        let existing = try await CatalogWriter.existingVideo(path: scanned.path, in: context.catalog)
        return await work(for: scanned, existing: existing, layout: context.layout, options: context.options)
    }

    /// The same with the catalog's row for the file already read (any backend).
    static func work(for scanned: ScannedVideo, existing: CatalogVideo?, layout: MediaFolderLayout,
                     options: IngestOptions) async -> FileWork {
        guard let stamp = FileStamp.of(scanned.path) else {
            return .failed(path: scanned.path, failure: IngestFailure(.unreadable, message: "vanished or not a regular file"))
        }
        let fingerprint: String
        do { fingerprint = try ContentFingerprint.of(path: scanned.path) } catch {
            return .failed(path: scanned.path, failure: IngestFailure(.unreadable, message: error.message))
        }
        let sidecarFingerprint = scanned.sidecarPath.flatMap { try? ContentFingerprint.of(path: $0) }

        if !options.redoPictures, let existing, existing.status != .failed, existing.size == stamp.size,
           existing.modifiedNs == stamp.modifiedNs,
           existing.fingerprint == fingerprint,
           (FileStamp.of(layout.absolute(MediaFolderLayout.posterFile(in: existing.mediaFolder)))?.size ?? 0) > 0 {
            if existing.status == .present, existing.sidecarPath == scanned.sidecarPath,
               existing.sidecarFingerprint == sidecarFingerprint {
                return .unchanged(path: scanned.path)
            }
            // Same video, new sidecar (or back from missing): re-read the sidecar only.
            var video = existing
            video.status = .present
            video.sidecarPath = scanned.sidecarPath
            video.sidecarFingerprint = sidecarFingerprint
            video.ingestedAt = Sidecar.timestamp()
            let facts = ClipFacts.make(videoPath: scanned.path, fingerprint: fingerprint, duration: existing.duration,
                                       sidecarPath: scanned.sidecarPath, codebooks: options.codebooks)
            return .ingest(VideoUpdate(video: video, thumbnails: nil, facts: facts, previousMediaFolder: nil))
        }
        do throws(IngestFailure) {
            let source = SourceFile(path: scanned.path, sidecarPath: scanned.sidecarPath, stamp: stamp,
                                    fingerprint: fingerprint, sidecarFingerprint: sidecarFingerprint)
            var update = try await ingestMedia(source, layout: layout, options: options)
            update.previousMediaFolder = existing?.mediaFolder
            return .ingest(update)
        } catch {
            return .failed(path: scanned.path, failure: error)
        }
    }

    /// A file about to be read in full, with what was measured before reading it.
    struct SourceFile {
        let path: String
        let sidecarPath: String?
        let stamp: FileStamp
        let fingerprint: String
        let sidecarFingerprint: String?
    }

    /// Probe, poster and thumbnails into the video's media folder, then its sidecar.
    static func ingestMedia(_ source: SourceFile, layout: MediaFolderLayout, options: IngestOptions) async throws(IngestFailure) -> VideoUpdate {
        let probe = try Probe.read(source.path)
        let folder = MediaFolderLayout.folder(forVideo: source.path, fingerprint: source.fingerprint)
        do { try layout.prepare(folder) } catch { throw IngestFailure(.writeFailed, message: error.description) }

        let posterFile = MediaFolderLayout.posterFile(in: folder)
        let pick: PosterPick
        if let known = options.knownPosters[source.path] {
            pick = known
        } else {
            do {
                pick = try Poster.choose(path: source.path, start: probe.keyframes.first ?? probe.info.startTime ?? 0,
                                         end: .infinity, width: options.posterWidth,
                                         decoderThreads: options.decoderThreads)
            } catch {
                throw IngestFailure(error)
            }
        }
        do {
            // Atomic but not flushed: a poster can always be made again, and an fsync per
            // file costs more than the decoding (it flushes every pending write of the disk).
            try PictureFiles.writeAtomically(pick.jpeg, to: layout.absolute(posterFile), durable: false)
        } catch {
            throw IngestFailure(.writeFailed, message: error.description)
        }
        let thumbnailFolder = MediaFolderLayout.thumbnailFolder(in: folder)
        var made: [ThumbnailIndex.Entry] = []
        if options.makeThumbnails {
            let settings = ThumbnailSettings(every: probe.thumbnailInterval(limit: options.maxThumbnails),
                                             exact: false, width: options.thumbnailWidth, jobs: 1, replaceExisting: true,
                                             decoderThreads: options.decoderThreads)
            do {
                made = try await Thumbnailer(source: source.path, outputFolder: layout.absolute(thumbnailFolder),
                                             settings: settings).run().thumbnails
            } catch {
                throw IngestFailure(error)
            }
        }

        var thumbnails = [CatalogThumbnail(videoId: 0, file: posterFile, kind: .poster, time: pick.time,
                                           width: pick.width, height: pick.height)]
        thumbnails += made.map { entry in
            CatalogThumbnail(videoId: 0, file: thumbnailFolder + "/" + entry.file, kind: .keyframe, time: entry.time,
                             width: entry.width, height: entry.height)
        }
        let video = probe.videoRow(source: source, mediaFolder: folder)
        let facts = ClipFacts.make(videoPath: source.path, fingerprint: source.fingerprint, duration: video.duration,
                                   sidecarPath: source.sidecarPath, codebooks: options.codebooks)
        return VideoUpdate(video: video, thumbnails: thumbnails, facts: facts, previousMediaFolder: nil)
    }
}

/// What probing a video found: container facts and the keyframe times.
struct Probe {
    let info: MediaInfo
    let keyframes: [Double]

    /// Opens the file just long enough to probe it (the poster and thumbnail steps open their own).
    static func read(_ path: String) throws(IngestFailure) -> Probe {
        do throws(MediaError) {
            let file = try MediaFile(path: path)
            _ = try file.requireVideoStream()
            let keyframes = try file.keyframes().times
            guard !keyframes.isEmpty else { throw MediaError(.damaged, path: path, message: "the video has no keyframes") }
            return Probe(info: file.info(), keyframes: keyframes)
        } catch {
            throw IngestFailure(error)
        }
    }

    var duration: Double? { info.duration ?? info.mainVideo?.duration }

    /// Every keyframe up to `limit` of them; beyond, the keyframe before each of `limit` even marks.
    func thumbnailInterval(limit: Int) -> ThumbnailSettings.Interval {
        guard keyframes.count > limit, limit > 0 else { return .keyframes }
        let span = duration ?? ((keyframes.last ?? 0) - (keyframes.first ?? 0))
        return .seconds(max(0.001, span / Double(limit)))
    }

    func videoRow(source: VideoAnalysis.SourceFile, mediaFolder: String) -> CatalogVideo {
        let video = info.mainVideo
        return CatalogVideo(
            id: nil, path: source.path, fingerprint: source.fingerprint, size: source.stamp.size,
            modifiedNs: source.stamp.modifiedNs, status: .present, sidecarPath: source.sidecarPath,
            sidecarFingerprint: source.sidecarFingerprint, container: info.container, duration: duration,
            startTime: info.startTime, width: video?.width, height: video?.height,
            displayWidth: video?.displayWidth, displayHeight: video?.displayHeight, rotation: video?.rotation ?? 0,
            videoCodec: video?.codec ?? "unknown", audioCodec: info.streams.first { $0.kind == .audio }?.codec,
            frameRate: video?.averageFrameRate ?? video?.nominalFrameRate, hasLocation: info.hasLocation,
            keyframeCount: keyframes.count, mediaFolder: mediaFolder, ingestedAt: Sidecar.timestamp())
    }
}
