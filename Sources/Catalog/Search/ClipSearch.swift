import ClipCoachCore
import Foundation
import GRDB

/// Finds clips by MQI code and score, grade, topic and text.
///
/// Ranking with a code: by the best annotation's merit on that code (best teaching
/// first, whichever way the code's scale runs), then by clip id (older catalog
/// entries first), then by segment. The query walks the `annotation_by_code` index
/// in that order and stops once it has `limit` hits, so its cost follows the limit,
/// not the library's size. Without a code: clips in id order. Only videos present
/// at the last ingest are searched.
public struct ClipSearch: Sendable {
    public let catalog: CatalogDatabase
    public let codebooks: CodebookSet

    public init(catalog: CatalogDatabase, codebooks: CodebookSet = CodebookSet()) {
        self.catalog = catalog
        self.codebooks = codebooks
    }

    public func run(_ query: ClipQuery) throws(CatalogError) -> ClipSearchResult {
        let plan = try SearchPlan(query: query, codebooks: codebooks, catalogPath: catalog.path)
        let started = ContinuousClock.now
        let hits = try catalogStep(catalog.path) {
            try catalog.pool.read { db in try plan.hits(in: db, mediaFolder: catalog.mediaFolder) }
        }
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return ClipSearchResult(query: query, hits: hits, queryMilliseconds: milliseconds)
    }
}

/// A query checked against the codebook and turned into SQL.
struct SearchPlan {
    let query: ClipQuery
    /// With a code: the codebook that defines it, and the least merit wanted.
    let codebook: Codebook?
    let minimumMerit: Int?
    let filterSQL: String
    let filterArguments: StatementArguments
    /// The same arguments as plain values (for PostgreSQL), with the text clause left out.
    let portableFilterSQL: String
    let portableFilterValues: [DatabaseValue]
    /// Per word of the search text, the prefixes one of the clip's terms must begin with
    /// (`SearchTerms`); every word must match.
    let textPrefixes: [[String]]

    init(query: ClipQuery, codebooks: CodebookSet, catalogPath: String) throws(CatalogError) {
        func invalid(_ message: String) -> CatalogError { CatalogError(.invalidQuery, path: "", message: message) }
        guard ClipQuery.limitRange.contains(query.limit) else { throw invalid("the number of clips must be between 1 and 10000") }
        self.query = query
        var minimumMerit: Int?
        var codebook: Codebook?
        if let codeID = query.code {
            guard let found = codebooks.codebooks.first(where: { $0.code(codeID) != nil }), let code = found.code(codeID) else {
                throw invalid("unknown code '\(codeID)' (see `clipcoach codebook`)")
            }
            codebook = found
            if let point = query.minimumScore {
                guard let merit = Merit.of(point: point, code: code, in: found) else {
                    let points = found.scale(for: code)?.points.map(\.id).joined(separator: ", ") ?? ""
                    throw invalid("'\(point)' is not a score point of \(codeID) (\(points))")
                }
                minimumMerit = merit
            }
        } else if query.minimumScore != nil {
            throw invalid("a least score needs a code: a score point means something only on a code's scale")
        }
        self.codebook = codebook
        self.minimumMerit = minimumMerit

        var clauses = ["v.status = 'present'"]
        if !query.allStatuses { clauses.append("c.sharing = 'library'") }
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let grade = query.grade?.trimmingCharacters(in: .whitespaces), !grade.isEmpty {
            // "4", "4th" and "Grade 4" are one grade; words ClipCoach cannot read as a grade match as written.
            if let level = GradeLevel.parse(grade) {
                clauses.append("\(Self.gradeLevelFunction.name)(c.grade) = ?")
                arguments.append(level)
            } else {
                clauses.append("lower(c.grade) = lower(?)")
                arguments.append(grade)
            }
        }
        if let topic = query.topic?.trimmingCharacters(in: .whitespaces), !topic.isEmpty {
            clauses.append("lower(c.topic) LIKE ? ESCAPE '\\'")
            arguments.append("%" + Self.escapeLike(topic.lowercased()) + "%")
        }
        portableFilterSQL = clauses.joined(separator: " AND ")
        portableFilterValues = arguments.map { $0?.databaseValue ?? .null }
        textPrefixes = SearchTerms.words(query.text ?? "").map(SearchTerms.prefixes(ofQueryWord:))
        if let text = query.text {
            guard !textPrefixes.isEmpty else { throw invalid("the search text '\(text)' has no words to search for") }
            // terms : ("explain"* OR "explan"*) AND terms : (...)  (terms are letters and digits only)
            let pattern = textPrefixes.map { prefixes in
                "terms : (" + prefixes.map { "\"\($0)\"*" }.joined(separator: " OR ") + ")"
            }.joined(separator: " AND ")
            clauses.append("c.id IN (SELECT rowid FROM clip_text WHERE clip_text MATCH ?)")
            arguments.append(pattern)
        }
        filterSQL = clauses.joined(separator: " AND ")
        filterArguments = StatementArguments(arguments)
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    /// A hit before its details: which clip (and segment), and its best merit.
    struct Key: Hashable {
        let clipId: Int64
        let segment: Int?
    }

    /// `GradeLevel.parse` in SQL, so grades stored as typed are compared as grades.
    static let gradeLevelFunction = DatabaseFunction("clipcoach_grade_level", argumentCount: 1, pure: true) { values in
        GradeLevel.parse(String.fromDatabaseValue(values[0]))
    }

    func hits(in db: Database, mediaFolder: String) throws -> [ClipHit] {
        db.add(function: Self.gradeLevelFunction)
        let ranked = try keys(in: db)
        return try HitAssembler(plan: self, mediaFolder: mediaFolder).hits(for: ranked, in: db)
    }

    /// The query without a code, on both backends: matching clips in id order.
    static func unrankedSQL(filter: String) -> String {
        """
        SELECT c.id FROM clip c JOIN video v ON v.id = c.video_id
        WHERE \(filter) ORDER BY c.id LIMIT ?
        """
    }

    /// The annotations on the code, best first, on both backends: the SQL (with `filter`
    /// after the code and merit placeholders) and the code and least merit to bind first.
    func rankedSQL(filter: String) -> (sql: String, leading: [DatabaseValue]) {
        var leading: [DatabaseValue] = [(query.code ?? "").databaseValue]
        var meritClause = "a.merit IS NOT NULL"
        if let minimumMerit {
            meritClause = "a.merit >= ?"
            leading.append(minimumMerit.databaseValue)
        }
        return ("""
            SELECT a.clip_id, a.segment_number, a.merit
            FROM annotation a
            JOIN clip c ON c.id = a.clip_id
            JOIN video v ON v.id = c.video_id
            WHERE a.code = ? AND \(meritClause) AND \(filter)
            ORDER BY a.merit DESC, a.clip_id, a.segment_number
            """, leading)
    }

    /// The ranked hits' keys, best first.
    func keys(in db: Database) throws -> [(Key, Int?)] {
        guard query.code != nil else {
            let ids = try Int64.fetchAll(db, sql: Self.unrankedSQL(filter: filterSQL), arguments: filterArguments + [query.limit])
            return ids.map { (Key(clipId: $0, segment: nil), nil) }
        }
        let (sql, leading) = rankedSQL(filter: filterSQL)
        let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(leading) + filterArguments)
        // Rows come best first: a hit's first row is its best annotation. Stop at the limit.
        var seen = Set<Key>()
        var keys: [(Key, Int?)] = []
        while keys.count < query.limit, let row = try rows.next() {
            let key = Key(clipId: row["clip_id"], segment: row["segment_number"])
            if seen.insert(key).inserted { keys.append((key, row["merit"])) }
        }
        return keys
    }
}
