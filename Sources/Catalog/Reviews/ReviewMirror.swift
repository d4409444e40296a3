import Foundation
import ClipCoachCore
import GRDB

extension OpenedCatalog {
    /// Replaces the catalog's copy of one clip's review record with `sidecar`'s, in one
    /// transaction. Sets never reviewed are not stored (absent means draft).
    public func mirrorReview(clipID: Int64, sidecar: Sidecar) throws(CatalogError) {
        try requireWritable()
        let record: ReviewRecord
        do { record = try sidecar.reviewRecord() } catch {
            throw CatalogError(.database, path: label, message: "clip \(clipID): \(error)")
        }
        let revision = sidecar.revision
        try writing { session in try Self.replaceReview(of: clipID, with: record, revision: revision, in: session) }
    }

    static func replaceReview(of clipID: Int64, with record: ReviewRecord, revision: Int, in session: any CatalogSession) throws {
        // Concurrent saves may mirror out of order: never replace a newer revision's rows.
        // Two raters' saves of one clip mirror one after the other.
        try session.lock(CatalogLockKey.reviewMirror ^ clipID)
        let mirrored = try session.value(Int.self, "SELECT MAX(sidecar_revision) FROM review_set WHERE clip_id = ?",
                                         [clipID.databaseValue])
        if let mirrored, mirrored > revision { return }
        try session.execute("DELETE FROM review_event WHERE clip_id = ?", [clipID.databaseValue])
        try session.execute("DELETE FROM review_set WHERE clip_id = ?", [clipID.databaseValue])
        for set in record.sets {
            let segment = set.segment ?? 0
            try session.insert(CatalogReviewSet(clipId: clipID, segmentNumber: segment, state: set.state, submittedBy: set.submittedBy,
                                                updatedAt: set.updatedAt, sidecarRevision: revision))
            for (position, event) in set.events.enumerated() {
                try session.insert(CatalogReviewEvent(
                    clipId: clipID, segmentNumber: segment, position: position, happenedAt: event.at,
                    actor: event.by, action: event.action, fromState: event.from, toState: event.to,
                    comment: event.comment, sidecarRevision: event.revision, changes: event.changes.joined(separator: "\n")))
            }
        }
    }

    /// Re-reads every reviewable clip's sidecar and mirrors its review record; sidecars that
    /// cannot be read are skipped and returned with the reason (they are reported, not fatal).
    @discardableResult
    public func refreshReviewMirror() throws(CatalogError) -> [(clip: ReviewableClip, problem: String)] {
        var problems: [(clip: ReviewableClip, problem: String)] = []
        for clip in try reviewableClips() {
            do {
                let sidecar = try SidecarStore.read(URL(fileURLWithPath: clip.sidecarPath))
                try mirrorReview(clipID: clip.id, sidecar: sidecar)
            } catch let error as CatalogError {
                throw error
            } catch {
                problems.append((clip, "\(error)"))
            }
        }
        return problems
    }

    /// Sets waiting for someone, oldest first: `submitted` (for a reviewer) and
    /// `changesRequested` (for the rater), as the catalog last mirrored them.
    public func reviewQueue(states: [ReviewState] = [.submitted, .changesRequested]) throws(CatalogError) -> [ReviewQueueEntry] {
        let stateList = states.map(\.rawValue.databaseValue)
        return try reading { session in
            let rows = try session.rows("""
                SELECT s.clip_id, s.segment_number, s.state, s.submitted_by, s.updated_at, c.label, v.sidecar_path,
                       (SELECT comment FROM review_event e WHERE e.clip_id = s.clip_id AND e.segment_number = s.segment_number
                         ORDER BY e.position DESC LIMIT 1) AS last_comment
                FROM review_set s JOIN clip c ON c.id = s.clip_id JOIN video v ON v.id = c.video_id
                WHERE s.state IN (\(CatalogSQL.marks(stateList.count)))
                ORDER BY s.updated_at, s.clip_id, s.segment_number
                """, stateList)
            return rows.compactMap { row -> ReviewQueueEntry? in
                guard let state = ReviewState(rawValue: row["state"]) else { return nil }
                let segment: Int = row["segment_number"]
                return ReviewQueueEntry(clipId: row["clip_id"], label: row["label"], sidecar: row["sidecar_path"],
                                        segment: segment == 0 ? nil : segment, state: state,
                                        submittedBy: row["submitted_by"], updatedAt: row["updated_at"],
                                        lastComment: row["last_comment"])
            }
        }
    }
}

extension CatalogDatabase {
    /// `OpenedCatalog.reviewQueue` on this SQLite catalog.
    public func reviewQueue(states: [ReviewState] = [.submitted, .changesRequested]) throws(CatalogError) -> [ReviewQueueEntry] {
        try OpenedCatalog.sqlite(self).reviewQueue(states: states)
    }
}

/// A set waiting in the review queue.
public struct ReviewQueueEntry: Sendable, Equatable, Codable {
    public var clipId: Int64?
    public var label: String
    /// The sidecar, absolute.
    public var sidecar: String?
    public var segment: Int?
    public var state: ReviewState
    public var submittedBy: String?
    public var updatedAt: String
    public var lastComment: String?

    public init(clipId: Int64?, label: String, sidecar: String?, segment: Int?, state: ReviewState,
                submittedBy: String?, updatedAt: String, lastComment: String?) {
        self.clipId = clipId
        self.label = label
        self.sidecar = sidecar
        self.segment = segment
        self.state = state
        self.submittedBy = submittedBy
        self.updatedAt = updatedAt
        self.lastComment = lastComment
    }
}
