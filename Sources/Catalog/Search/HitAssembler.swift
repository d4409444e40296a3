import GRDB

/// Turns ranked hit keys into `ClipHit`s with a few queries for all hits together
/// (clips with their video and poster, tags, annotations, segments), not a handful per hit.
struct HitAssembler {
    let plan: SearchPlan
    let mediaFolder: String

    /// One query of the hits' details, as SQL with `?` placeholders (run on SQLite or PostgreSQL).
    struct Fetch {
        let sql: String
        let arguments: [DatabaseValue]
    }

    func hits(for ranked: [(SearchPlan.Key, Int?)], in db: Database) throws -> [ClipHit] {
        let results = try fetches(for: ranked).map { fetch in
            try Row.fetchAll(db, sql: fetch.sql, arguments: StatementArguments(fetch.arguments))
        }
        return try assemble(ranked, results: results)
    }

    /// The clips with their video and poster, their tags, annotations and segments.
    func fetches(for ranked: [(SearchPlan.Key, Int?)]) -> [Fetch] {
        let ids = Array(Set(ranked.map(\.0.clipId))).sorted()
        guard !ids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let arguments = ids.map(\.databaseValue)
        return [
            Fetch(sql: """
                SELECT c.*, v.path AS video_path, v.duration AS video_duration, t.file AS poster_file
                FROM clip c JOIN video v ON v.id = c.video_id
                LEFT JOIN thumbnail t ON t.video_id = v.id AND t.kind = 'poster'
                WHERE c.id IN (\(marks))
                """, arguments: arguments),
            Fetch(sql: "SELECT clip_id, tag FROM clip_tag WHERE clip_id IN (\(marks)) ORDER BY tag", arguments: arguments),
            // By clip only, filtered here: with the code in the WHERE clause the planner may
            // prefer the code's index and walk thousands of rows for a few clips.
            Fetch(sql: "SELECT * FROM annotation WHERE clip_id IN (\(marks))", arguments: arguments),
            Fetch(sql: "SELECT * FROM segment WHERE clip_id IN (\(marks))", arguments: arguments),
        ]
    }

    /// The hits from the rows of `fetches(for:)`, in the same order.
    func assemble(_ ranked: [(SearchPlan.Key, Int?)], results: [[Row]]) throws -> [ClipHit] {
        guard results.count == 4 else { return [] }
        var clips: [Int64: (clip: CatalogClip, path: String, duration: Double?, poster: String?)] = [:]
        for row in results[0] {
            let clip = try CatalogClip(row: row)
            if let id = clip.id { clips[id] = (clip, row["video_path"], row["video_duration"], row["poster_file"]) }
        }
        var tags: [Int64: [String]] = [:]
        for row in results[1] {
            tags[row["clip_id"], default: []].append(row["tag"])
        }
        var ratings: [SearchPlan.Key: [ClipHit.Rating]] = [:]
        if let code = plan.query.code {
            let annotations = try results[2].map { try CatalogAnnotation(row: $0) }
            for annotation in annotations.filter({ $0.code == code && $0.merit != nil }).sorted(by: Self.bestFirst) {
                guard let id = annotation.id else { continue }
                ratings[SearchPlan.Key(clipId: annotation.clipId, segment: annotation.segmentNumber), default: []].append(
                    ClipHit.Rating(annotationId: id, sidecarAnnotationId: annotation.sidecarAnnotationId,
                                   rater: annotation.rater, role: annotation.role, score: annotation.score,
                                   merit: annotation.merit))
            }
        }
        var segments: [SearchPlan.Key: CatalogSegment] = [:]
        if ranked.contains(where: { $0.0.segment != nil }) {
            for segment in try results[3].map({ try CatalogSegment(row: $0) }) {
                segments[SearchPlan.Key(clipId: segment.clipId, segment: segment.number)] = segment
            }
        }

        return try ranked.map { key, merit in
            guard let found = clips[key.clipId] else {
                throw DatabaseError(message: "clip \(key.clipId) vanished during the search")
            }
            let clip = found.clip
            let segment = segments[key]
            let hitRatings = ratings[key] ?? []
            let best = hitRatings.first
            let scoreLabel = best.flatMap { rating in
                plan.query.code.flatMap { plan.codebook?.code($0) }.flatMap { plan.codebook?.point(rating.score, in: $0)?.label }
            }
            let scorePoints = ClipHit.scorePoints(hitRatings)
            return ClipHit(
                clipId: key.clipId, videoId: clip.videoId, kind: clip.kind, label: clip.label, file: found.path,
                poster: found.poster.map { mediaFolder + "/" + $0 }, start: segment?.startTime ?? 0,
                end: segment?.endTime ?? clip.duration ?? found.duration, segment: key.segment,
                sourcePath: clip.kind == .clip ? clip.sourcePath : nil, sourceStart: clip.sourceStart,
                sourceEnd: clip.sourceEnd, teacher: clip.teacher, grade: clip.grade, topic: clip.topic,
                tags: tags[key.clipId] ?? [], code: plan.query.code, score: best?.score, scoreLabel: scoreLabel,
                merit: merit, ratings: hitRatings, scores: scorePoints,
                disagreement: scorePoints.count > 1, sharing: clip.sharing)
        }
    }

    /// Highest merit first, then rater name, then catalog order.
    static func bestFirst(_ a: CatalogAnnotation, _ b: CatalogAnnotation) -> Bool {
        if a.merit != b.merit { return (a.merit ?? Int.min) > (b.merit ?? Int.min) }
        if a.rater != b.rater { return a.rater < b.rater }
        return (a.id ?? 0) < (b.id ?? 0)
    }
}
