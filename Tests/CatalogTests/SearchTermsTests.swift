@testable import Catalog
import ClipCoachCore
import Foundation
import GRDB
import Testing
import TestSupport

/// Text search stems, the same way on SQLite and PostgreSQL (docs/catalog.md, `--text`).
@Suite("text search terms")
struct SearchTermsTests {
    typealias S = LibraryFixtures.Score

    /// Porter's stems as SQLite's FTS5 `porter` tokenizer gives them (the oracle), for every
    /// word of the project's documentation.
    @Test func porterStemsMatchSQLiteFTS5() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs")
        var words = Set<String>()
        for name in try FileManager.default.contentsOfDirectory(atPath: docs.path) where name.hasSuffix(".md") {
            let text = try String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8)
            for word in text.lowercased().components(separatedBy: CharacterSet.lowercaseLetters.inverted)
            where word.count > 2 && word.unicodeScalars.allSatisfy({ $0.isASCII }) { words.insert(word) }
        }
        #expect(words.count > 1500, "a real vocabulary: \(words.count) words")
        // One row per word, then FTS5's own instance list says which term each row became.
        let ordered = words.sorted()
        let queue = try DatabaseQueue()
        let oracle: [String: String] = try queue.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE t USING fts5(w, tokenize = 'porter ascii')")
            for (index, word) in ordered.enumerated() {
                try db.execute(sql: "INSERT INTO t (rowid, w) VALUES (?, ?)", arguments: [index + 1, word])
            }
            try db.execute(sql: "CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
            var stems: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT term, doc FROM v") {
                let doc: Int = row["doc"]
                stems[ordered[doc - 1]] = row["term"]
            }
            return stems
        }
        let differing = words.sorted().filter { PorterStemmer.stem($0) != oracle[$0] }
            .map { "\($0): \(PorterStemmer.stem($0)) vs \(oracle[$0] ?? "-")" }
        #expect(differing.isEmpty, "\(differing.prefix(20))")
    }

    @Test func wordFormsMeet() {
        func matches(_ query: String, _ text: String) -> Bool {
            let terms = SearchTerms.indexed([text]).split(separator: " ")
            return SearchTerms.words(query).allSatisfy { word in
                SearchTerms.prefixes(ofQueryWord: word).contains { prefix in terms.contains { $0.hasPrefix(prefix) } }
            }
        }
        for text in ["explanation", "explaining", "explains", "Explained", "explanatory"] {
            #expect(matches("explain", text), "explain ~ \(text)")
        }
        #expect(matches("justify", "a justification"))
        #expect(matches("justification", "justifying it"))
        #expect(matches("numer", "numeric"), "word prefixes still match")
        #expect(matches("certain", "certainly"))
        #expect(matches("élève", "ELEVE"), "diacritics and case folded")
        #expect(!matches("explain", "exploring"))
        #expect(!matches("reason", "treason"), "prefixes of words, not inside them")
    }

    /// Four clips whose notes use forms of "explain", "justify" and others: both backends
    /// give the same hits for the same text.
    @Test("--text explain finds explanation and explaining, on both backends", arguments: CatalogBackend.allCases)
    func stemmedSearch(_ backend: CatalogBackend) async throws {
        if backend == .postgres, PostgresTestDatabase.skipMessage("stemmedSearch") != nil { return }
        let site = try LibraryFixtures.site("search-terms-\(backend)")
        defer { site.remove() }
        let notes = ["a": "a clear explanation of halves", "b": "explaining the number line",
                     "c": "asks for a justification", "d": "students explore area"]
        for name in notes.keys.sorted() {
            let media = try LibraryFixtures.copy("lesson-noaudio.mp4", into: site.library, as: "\(name).mp4")
            try LibraryFixtures.clipSidecar(for: media, label: "clip \(name)", context: Sidecar.Context(topic: "fractions"),
                                            scores: [S(code: "richness.explanations", score: "high", rater: "ana", note: notes[name])])
        }
        let catalog = try await PostgresCatalogTests.open(backend, site, label: "terms")
        defer { Task { await catalog.close() } }
        _ = try await PostgresCatalogTests.ingest(catalog, site)
        func labels(_ text: String) async throws -> [String] {
            try await catalog.search(ClipQuery(text: text).everyStatus).hits.map(\.label).sorted()
        }
        #expect(try await labels("explain") == ["clip a", "clip b"])
        #expect(try await labels("Explained") == ["clip a", "clip b"])
        #expect(try await labels("justify") == ["clip c"])
        #expect(try await labels("explor") == ["clip d"], "a word prefix")
        #expect(try await labels("explain halves") == ["clip a"], "every word must match")
        #expect(try await labels("explain area").isEmpty)
    }

    /// A catalog made before `v6-search-terms` gets the terms of the rows it already holds.
    @Test func migrationFillsTermsOfExistingRows() throws {
        let site = try LibraryFixtures.site("search-terms-migration")
        defer { site.remove() }
        let queue = try DatabaseQueue(path: site.catalogPath)
        let migrator = try CatalogSchema.migrator(adding: [], path: site.catalogPath)
        try migrator.migrate(queue, upTo: "v5-teacher-keys")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO clip_text (rowid, label, topic, teacher, tags, notes) VALUES (7, 'c', '', '', '', 'explaining')")
        }
        try queue.close()
        let catalog = try CatalogDatabase(path: site.catalogPath)
        let terms = try catalog.database.read { db in try String.fetchOne(db, sql: "SELECT terms FROM clip_text WHERE rowid = 7") }
        #expect(terms == "c explaining explan")
        let matched = try catalog.database.read { db in
            try Int64.fetchAll(db, sql: "SELECT rowid FROM clip_text WHERE clip_text MATCH 'terms : \"explan\"*'")
        }
        #expect(matched == [7])
    }
}
