import Foundation
import ClipCoachCore
import GRDB

extension CatalogDatabase {
    /// Replaces the catalog's copy of one clip's review record with `sidecar`'s, in one
    /// transaction. Sets never reviewed are not stored (absent means draft).
    public func mirrorReview(clipID: Int64, sidecar: Sidecar) throws(CatalogError) {
        try requireWritable()
        let record: ReviewRecord
        do { record = try sidecar.reviewRecord() } catch {
            throw CatalogError(.database, path: path, message: "clip \(clipID): \(error)")
        }
        let revision = sidecar.revision
        try catalogStep(path) {
            try pool.write { db in try Self.replaceReview(of: clipID, with: record, revision: revision, in: db) }
        }
    }

    static func replaceReview(of clipID: Int64, with record: ReviewRecord, revision: Int, in db: Database) throws {
        // Concurrent saves may mirror out of order: never replace a newer revision's rows.
        let mirrored = try Int.fetchOne(db, sql: "SELECT MAX(sidecar_revision) FROM review_set WHERE clip_id = ?",
                                        arguments: [clipID])
        if let mirrored, mirrored > revision { return }
        try db.execute(sql: "DELETE FROM review_event WHERE clip_id = ?", arguments: [clipID])
        try db.execute(sql: "DELETE FROM review_set WHERE clip_id = ?", arguments: [clipID])
        for set in record.sets {
            let segment = set.segment ?? 0
            try CatalogReviewSet(clipId: clipID, segmentNumber: segment, state: set.state, submittedBy: set.submittedBy,
                                 updatedAt: set.updatedAt, sidecarRevision: revision).insert(db)
            for (position, event) in set.events.enumerated() {
                try CatalogReviewEvent(clipId: clipID, segmentNumber: segment, position: position, happenedAt: event.at,
                                       actor: event.by, action: event.action, fromState: event.from, toState: event.to,
                                       comment: event.comment, sidecarRevision: event.revision,
                                       changes: event.changes.joined(separator: "\n")).insert(db)
            }
        }
    }

    /// Mirrors the review of the clip whose sidecar is at `sidecarPath`; false when the
    /// catalog does not hold that sidecar (not ingested yet), true when mirrored.
    @discardableResult
    public func mirrorReview(sidecarPath: String, sidecar: Sidecar) throws(CatalogError) -> Bool {
        guard let clipID = try clipID(forSidecar: sidecarPath) else { return false }
        try mirrorReview(clipID: clipID, sidecar: sidecar)
        return true
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
        let stateList = states.map(\.rawValue)
        return try catalogStep(path) {
            try pool.read { db in
                let placeholders = stateList.map { _ in "?" }.joined(separator: ", ")
                let rows = try Row.fetchAll(db, sql: """
                    SELECT s.clip_id, s.segment_number, s.state, s.submitted_by, s.updated_at, c.label, v.sidecar_path,
                           (SELECT comment FROM review_event e WHERE e.clip_id = s.clip_id AND e.segment_number = s.segment_number
                             ORDER BY e.position DESC LIMIT 1) AS last_comment
                    FROM review_set s JOIN clip c ON c.id = s.clip_id JOIN video v ON v.id = c.video_id
                    WHERE s.state IN (\(placeholders))
                    ORDER BY s.updated_at, s.clip_id, s.segment_number
                    """, arguments: StatementArguments(stateList))
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
