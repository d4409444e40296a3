import Catalog
import ClipCoachCore
import Foundation
import Media

/// The review server's data: clips from the catalog, their sidecars (the record: read through
/// a cache, written through `ReviewStore`), and the catalog's review mirror kept in step.
/// Every method blocks (files, locks, the catalog's SQL): call through `BlockingIO`.
final class ReviewLibrary: Sendable {
    /// SQLite or PostgreSQL (many raters' servers on one shared catalog).
    let catalog: OpenedCatalog
    let codebook: Codebook
    /// Raters (`review serve`) or coaches (the studio): which clips this server shows.
    let audience: ReviewAudience
    private let cache = SidecarCache()
    /// Where media and posters may be served from: the configured roots and the catalog's
    /// media folder (its posters), the longest first so a file is opened beneath its nearest root.
    let servedRoots: [String]

    /// Limits on what a request may write, so one body cannot bloat a sidecar (`AnnotationService`).
    static let maxNameLength = AnnotationService.maxNameLength
    static let maxTextLength = AnnotationService.maxTextLength
    static let maxMoments = AnnotationService.maxMoments

    init(catalog: OpenedCatalog, codebook: Codebook, audience: ReviewAudience, mediaRoots: [String] = ["/"]) {
        self.catalog = catalog
        self.codebook = codebook
        self.audience = audience
        servedRoots = Array(Set(mediaRoots + [catalog.mediaFolder])).sorted { $0.count > $1.count }
    }

    /// Opens the configured catalog (it must exist) for `audience`.
    static func open(_ configuration: ReviewServerConfiguration, audience: ReviewAudience) async throws(ReviewServerError) -> ReviewLibrary {
        do {
            let catalog = try await OpenedCatalog.open(configuration.catalog, mustExist: true, mediaFolder: configuration.mediaFolder)
            return ReviewLibrary(catalog: catalog, codebook: configuration.codebook, audience: audience,
                                 mediaRoots: configuration.mediaRoots)
        } catch {
            throw .catalog(error)
        }
    }

    /// Brings the catalog's review mirror up to date with every sidecar; returns the problems.
    func refreshMirror() -> [String] {
        do {
            return try catalog.refreshReviewMirror().map { "\($0.clip.sidecarPath): \($0.problem)" }
        } catch {
            return [error.description]
        }
    }

    // MARK: Reading

    func clips(matching filter: ClipFilter) throws(APIError) -> [ClipSummary] {
        let clips: [ReviewableClip]
        do { clips = try catalog.reviewableClips() } catch { throw APIError(error) }
        return clips.compactMap { clip in
            // A sidecar that cannot be read is left out of the list, not fatal to it.
            guard let sidecar = try? cache.sidecar(at: clip.sidecarPath), audience.maySee(sidecar.sharingStatus),
                  filter.matches(sidecar, label: clip.label) else {
                return nil
            }
            return summary(clip, sidecar)
        }
    }

    func detail(id: Int64) throws(APIError) -> ClipDetail {
        let (clip, sidecar) = try load(id)
        return detail(clip, sidecar)
    }

    /// The media file of a clip: served by id, the path never leaves the server.
    /// The clip's video as browsers can play it: its web rendition (made once, kept beside
    /// the clip) when the codec or container is not one they play.
    func mediaPath(id: Int64) throws(APIError) -> String {
        let path = try reviewable(id).videoPath
        return (try? WebRendition.playable(for: path)) ?? path
    }

    func posterPath(id: Int64) throws(APIError) -> String {
        guard let poster = try reviewable(id).posterPath else { throw .notFound("clip \(id) has no poster") }
        return poster
    }

    func agreement(codes: [String], raters: [String]) throws(APIError) -> AgreementReport {
        let clips: [ReviewableClip]
        do { clips = try catalog.reviewableClips() } catch { throw APIError(error) }
        let ratings = clips.flatMap { clip -> [Rating] in
            guard let sidecar = try? cache.sidecar(at: clip.sidecarPath), audience.maySee(sidecar.sharingStatus) else { return [] }
            return sidecar.ratings
        }
        do {
            return try AgreementReport.compute(ratings, codebook: codebook, codes: codes, raters: raters)
        } catch {
            throw .badRequest(error.description)
        }
    }

    // MARK: Writing

    // Annotation edits go through `AnnotationService`, as `clipcoach annotate` does: the same
    // input rules, trail event and review-state effect.

    func addAnnotation(clipID: Int64, _ request: NewAnnotationRequest) throws(APIError) -> WriteResult {
        let new = Sidecar.Annotation(code: request.code, score: request.score, rater: request.rater, role: request.role ?? .rater,
                                     note: request.note, segment: request.segment, evidence: Self.evidence(request.evidence ?? []))
        return try write(clipID: clipID, revision: request.revision) { url throws(ReviewError) in
            let (saved, annotation) = try AnnotationService.add(new, at: url, by: request.by,
                                                                expectedRevision: request.revision, codebook: codebook)
            return (saved, annotation, nil)
        }
    }

    func changeAnnotation(clipID: Int64, annotationID: String, _ request: ChangeAnnotationRequest) throws(APIError) -> WriteResult {
        try write(clipID: clipID, revision: request.revision) { url throws(ReviewError) in
            let (saved, annotation) = try AnnotationService.change(
                id: annotationID, score: request.score, note: request.note, evidence: request.evidence.map(Self.evidence),
                at: url, by: request.by, expectedRevision: request.revision, codebook: codebook)
            return (saved, annotation, nil)
        }
    }

    func removeAnnotation(clipID: Int64, annotationID: String, revision: Int, by: String) throws(APIError) -> WriteResult {
        try write(clipID: clipID, revision: revision) { url throws(ReviewError) in
            let (saved, annotation) = try AnnotationService.remove(id: annotationID, at: url, by: by,
                                                                   expectedRevision: revision, codebook: codebook)
            return (saved, annotation, nil)
        }
    }

    func review(clipID: Int64, _ request: ReviewActionRequest) throws(APIError) -> WriteResult {
        guard [.submit, .accept, .requestChanges, .comment].contains(request.action) else {
            throw APIError(.unprocessableContent, "action: use submit, accept, requestChanges or comment")
        }
        return try write(clipID: clipID, revision: request.revision) { url throws(ReviewError) in
            let (saved, event) = try ReviewStore.perform(request.action, at: url, by: request.by, segment: request.segment,
                                                         comment: request.comment, expectedRevision: request.revision,
                                                         codebook: codebook)
            return (saved, nil, event)
        }
    }

    /// Sets the clip's sharing status, recorded in the sidecar's sharing trail with who and when.
    func setSharing(clipID: Int64, _ request: SharingRequest) throws(APIError) -> WriteResult {
        // Consent is the coaches' to record, not the raters'.
        guard audience == .coaches else {
            throw APIError(.forbidden, "the sharing status is set by coaches, in the studio or with clipcoach tag")
        }
        let clip = try reviewable(clipID)
        // The sidecar (the record) then the catalog row search and the cycles read; a failed
        // catalog update is a 500, not swallowed: a clip taken off `library` must stop being offered.
        do {
            return try SharingChange.apply(request.status, sidecarPath: clip.sidecarPath, catalog: catalog) { () throws(APIError) in
                try write(clipID: clipID, revision: request.revision) { url throws(ReviewError) in
                    let saved = try ReviewStore.update(at: url, codebook: codebook, expectedRevision: request.revision) { sidecar throws(ReviewError) in
                        do throws(SidecarError) {
                            try sidecar.setSharing(request.status, by: request.by, consentNote: request.consentNote)
                        } catch {
                            throw .sidecar(error)
                        }
                    }
                    return (saved, nil, nil)
                }
            }
        } catch {
            switch error {
            case .sidecar(let failure): throw failure
            case .catalog:
                throw APIError(.internalServerError, "clip \(clip.id): the sidecar holds the new sharing status but the catalog "
                               + "could not record it; run `clipcoach library ingest` before anyone searches or picks")
            }
        }
    }

    // MARK: Private

    private func write(clipID: Int64, revision: Int,
                       _ save: (URL) throws(ReviewError) -> (Sidecar, Sidecar.Annotation?, ReviewEvent?)) throws(APIError) -> WriteResult {
        let clip = try reviewable(clipID)
        let url = URL(fileURLWithPath: clip.sidecarPath)
        let saved: (Sidecar, Sidecar.Annotation?, ReviewEvent?)
        do {
            saved = try save(url)
        } catch {
            cache.forget(clip.sidecarPath)
            throw Self.hidingPaths(APIError(error), clip: clip)
        }
        cache.forget(clip.sidecarPath)
        // The sidecar is saved; the catalog's mirror is a convenience that the next start or
        // `review queue` refreshes if this write to it fails.
        try? catalog.mirrorReview(clipID: clip.id, sidecar: saved.0)
        return WriteResult(revision: saved.0.revision, annotation: saved.1, event: saved.2, clip: detail(clip, saved.0))
    }

    private func reviewable(_ id: Int64) throws(APIError) -> ReviewableClip {
        let found: ReviewableClip?
        do { found = try catalog.reviewableClip(id: id) } catch { throw APIError(error) }
        guard let found else { throw .notFound("no clip with id \(id)") }
        // A clip this audience may not see answers like one that does not exist.
        if audience != .coaches {
            let status = try sharingStatus(found)
            if !audience.maySee(status) { throw .notFound("no clip with id \(id)") }
        }
        return found
    }

    private func sharingStatus(_ clip: ReviewableClip) throws(APIError) -> SharingStatus {
        do {
            return try cache.sidecar(at: clip.sidecarPath).sharingStatus
        } catch {
            throw Self.hidingPaths(APIError(error), clip: clip)
        }
    }

    private func load(_ id: Int64) throws(APIError) -> (ReviewableClip, Sidecar) {
        let clip = try reviewable(id)
        do {
            return (clip, try cache.sidecar(at: clip.sidecarPath))
        } catch {
            throw Self.hidingPaths(APIError(error), clip: clip)
        }
    }

    private func summary(_ clip: ReviewableClip, _ sidecar: Sidecar) -> ClipSummary {
        ClipSummary(
            id: clip.id, label: clip.label, kind: clip.kind, duration: clip.duration ?? sidecar.timelineDuration,
            posterURL: clip.posterPath == nil ? nil : "/api/clips/\(clip.id)/poster", revision: sidecar.revision,
            teacher: sidecar.context.teacher, grade: sidecar.context.grade, topic: sidecar.context.topic,
            tags: sidecar.context.tags, sharing: sidecar.sharingStatus, annotationCount: sidecar.annotations.count,
            codes: Array(Set(sidecar.annotations.map(\.code))).sorted(),
            raters: Array(Set(sidecar.annotations.map(\.rater))).sorted(),
            sets: sidecar.reviewSetSegments.map { SetState(segment: $0, state: (try? sidecar.reviewState(segment: $0)) ?? .draft) })
    }

    private func detail(_ clip: ReviewableClip, _ sidecar: Sidecar) -> ClipDetail {
        let record = (try? sidecar.reviewRecord()) ?? ReviewRecord()
        let sets = sidecar.reviewSetSegments.map { segment in
            let set = record.set(segment: segment)
            return ClipDetail.ReviewSetView(segment: segment, state: set?.state ?? .draft,
                                            submittedBy: set?.submittedBy, events: set?.events ?? [])
        }
        return ClipDetail(
            id: clip.id, label: clip.label, kind: clip.kind, duration: sidecar.timelineDuration, revision: sidecar.revision,
            mediaURL: "/api/clips/\(clip.id)/media", mediaType: MediaTypes.type(forFile: clip.videoPath),
            posterURL: clip.posterPath == nil ? nil : "/api/clips/\(clip.id)/poster", context: sidecar.context,
            codebook: sidecar.codebook?.id ?? codebook.id,
            segments: (sidecar.segments ?? []).map { .init(number: $0.number, start: $0.start, end: $0.end) },
            annotations: sidecar.annotations, review: sets,
            sharing: audience == .coaches ? sidecar.sharing : SharingRecord(status: sidecar.sharingStatus),
            sharingEditable: audience == .coaches)
    }

    /// Error messages name the clip, not where its files live on the server.
    private static func hidingPaths(_ error: APIError, clip: ReviewableClip) -> APIError {
        APIError(error.status, error.message.replacingOccurrences(of: clip.sidecarPath, with: "clip \(clip.id)"))
    }

    /// The request's moments; `AnnotationService` checks them.
    private static func evidence(_ moments: [NewAnnotationRequest.Moment]) -> [Sidecar.Evidence] {
        moments.map { Sidecar.Evidence(time: $0.time, comment: $0.comment.flatMap { $0.isEmpty ? nil : $0 }) }
    }
}
