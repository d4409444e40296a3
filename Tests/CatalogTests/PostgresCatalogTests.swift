@testable import Catalog
import ClipCoachCore
import Foundation
import Testing
import TestSupport

/// The catalog on both backends: the same ingest, queue and search behaviour on SQLite
/// and PostgreSQL, and PostgreSQL's own faults. The PostgreSQL variants need
/// `CLIPCOACH_TEST_PG` (Scripts/test.sh starts a private server); each test makes its own database.
@Suite("catalog on PostgreSQL")
struct PostgresCatalogTests {
    typealias S = LibraryFixtures.Score

    /// Three annotated copies of a sample, one file that is not media.
    static func makeLibrary(_ site: LibraryFixtures.Site) throws {
        let folder = site.library
        let explain = "richness.explanations"
        let clips: [(String, Sidecar.Context, [S])] = [
            ("a", Sidecar.Context(teacher: "Ms Rivera", grade: "4", topic: "Fractions"), [S(code: explain, score: "high", rater: "ana")]),
            ("b", Sidecar.Context(teacher: "Mr Okafor", grade: "4", topic: "area", tags: ["share"]),
             [S(code: explain, score: "mid", rater: "ana"), S(code: explain, score: "low", rater: "bo", note: "explains slowly")]),
            ("c", Sidecar.Context(teacher: "Ms Chen", grade: "5", topic: "decimals"), []),
        ]
        for (name, context, scores) in clips {
            let media = try LibraryFixtures.copy("lesson-noaudio.mp4", into: folder, as: "\(name).mp4")
            try LibraryFixtures.clipSidecar(for: media, label: "clip \(name)", context: context, scores: scores)
        }
        try Data("not a video at all".utf8).write(to: folder.appendingPathComponent("broken.mp4"))
    }

    static func ingest(_ catalog: OpenedCatalog, _ site: LibraryFixtures.Site, worker: String? = nil,
                       lease: Double = 30) async throws -> IngestSummary {
        switch catalog {
        case .sqlite(let database):
            return try await LibraryFixtures.ingest(database, [site.library])
        case .postgres(let database):
            return try await PostgresIngest(catalog: database, folders: [site.library.path], leaseSeconds: lease,
                                            workerName: worker).run()
        }
    }

    /// The catalog for `backend` in `site`: the SQLite file, or a new PostgreSQL database with its media folder in the site.
    static func open(_ backend: CatalogBackend, _ site: LibraryFixtures.Site, label: String) async throws -> OpenedCatalog {
        switch backend {
        case .sqlite: return .sqlite(try site.open())
        case .postgres:
            let url = try PostgresTestDatabase.make(label)
            return .postgres(try await PostgresTestDatabase.catalog(url, media: site.root.appendingPathComponent("pg.media")))
        }
    }

    @Test("ingest, re-ingest, a vanished file and search behave the same", arguments: CatalogBackend.allCases)
    func ingestLifecycle(_ backend: CatalogBackend) async throws {
        if backend == .postgres, PostgresTestDatabase.skipMessage("ingestLifecycle") != nil { return }
        let site = try LibraryFixtures.site("pg-lifecycle")
        defer { site.remove() }
        try Self.makeLibrary(site)
        let catalog = try await Self.open(backend, site, label: "lifecycle")
        defer { Task { await catalog.close() } }

        let first = try await Self.ingest(catalog, site)
        #expect(first.counts.ingested == 3)
        #expect(first.counts.failed == 1)
        #expect(first.failures.first?.path.hasSuffix("broken.mp4") == true)

        let hits = try await catalog.search(ClipQuery(code: "richness.explanations").everyStatus)
        #expect(hits.hits.map(\.label) == ["clip a", "clip b"])
        #expect(hits.hits.last?.ratings.map(\.rater) == ["ana", "bo"])
        #expect(try await catalog.search(ClipQuery(text: "explains").everyStatus).hits.map(\.label) == ["clip b"])
        #expect(try await catalog.search(ClipQuery(grade: "4").everyStatus).hits.count == 2)
        let poster = try #require(hits.hits.first?.poster)
        #expect(FileManager.default.fileExists(atPath: poster))

        let second = try await Self.ingest(catalog, site)
        #expect(second.counts.ingested == 0)
        #expect(second.counts.unchanged == 3)
        #expect(second.counts.failed == 1)

        try FileManager.default.removeItem(at: site.library.appendingPathComponent("c.mp4"))
        let third = try await Self.ingest(catalog, site)
        #expect(third.counts.missing == 1)
        let stats = try await catalog.stats()
        #expect(stats.videos["present"] == 2)
        #expect(stats.videos["missing"] == 1)
        #expect(stats.annotations == 3)
    }

    @Test("two workers on one PostgreSQL catalog make what one SQLite run makes")
    func twoWorkersEqualOneRun() async throws {
        if PostgresTestDatabase.skipMessage("twoWorkersEqualOneRun") != nil { return }
        let site = try LibraryFixtures.site("pg-workers")
        defer { site.remove() }
        try Self.makeLibrary(site)
        let reference = OpenedCatalog.sqlite(try site.open())
        _ = try await Self.ingest(reference, site)

        let url = try PostgresTestDatabase.make("workers")
        let media = site.root.appendingPathComponent("shared.media")
        let first = try await PostgresTestDatabase.catalog(url, media: media)
        let second = try await PostgresTestDatabase.catalog(url, media: media)
        async let one = PostgresIngest(catalog: first, folders: [site.library.path], workerName: "host-a:1").run()
        async let two = PostgresIngest(catalog: second, folders: [site.library.path], workerName: "host-b:1").run()
        let (a, b) = try await (one, two)
        // Each file was worked on by exactly one of them.
        #expect(a.counts.ingested + b.counts.ingested == 3)
        #expect(try await OpenedCatalog.postgres(first).dumpLines(mode: .portable)
                == (try await reference.dumpLines(mode: .portable)))
        let referenceFiles = Set(LibraryFixtures.mediaFiles(of: try site.open()).keys.filter { !$0.hasPrefix(".") })
        #expect(Set(Self.files(under: media).filter { !$0.hasPrefix(".") }) == referenceFiles)
        await first.close()
        await second.close()
    }

    @Test("a dead worker's lease runs out and its file is done by another; three lost claims fail the file")
    func leasesAndAttempts() async throws {
        if PostgresTestDatabase.skipMessage("leasesAndAttempts") != nil { return }
        let site = try LibraryFixtures.site("pg-lease")
        defer { site.remove() }
        try Self.makeLibrary(site)
        let reference = OpenedCatalog.sqlite(try site.open())
        _ = try await Self.ingest(reference, site)

        let url = try PostgresTestDatabase.make("lease")
        let catalog = try await PostgresTestDatabase.catalog(url, media: site.root.appendingPathComponent("pg.media"))
        // A worker that queued the files, claimed a.mp4 and died (its lease: one second).
        let scanned = LibraryScan.videos(in: try LibraryScan.roots([site.library.path]), skipping: [])
        try await catalog.session { session in
            _ = try await IngestQueue.enqueue(scanned, session: session)
            let claim = try await IngestQueue.claim(worker: "dead-host:7", leaseSeconds: 1, session: session)
            #expect(claim?.path.hasSuffix("a.mp4") == true)
        }
        let summary = try await PostgresIngest(catalog: catalog, folders: [site.library.path], leaseSeconds: 1).run()
        #expect(summary.counts.ingested == 3)
        #expect(try await OpenedCatalog.postgres(catalog).dumpLines(mode: .portable)
                == (try await reference.dumpLines(mode: .portable)))
        let reasons = try PostgresTestDatabase.psql(url, "SELECT reasons FROM ingest_queue WHERE path LIKE '%/a.mp4'")
        #expect(reasons.contains("dead-host:7"))

        // b.mp4 changes; three workers in a row die on it.
        try LibraryFixtures.append(16, to: site.library.appendingPathComponent("b.mp4"))
        let rescanned = LibraryScan.videos(in: try LibraryScan.roots([site.library.path]), skipping: [])
        try await catalog.session { session in _ = try await IngestQueue.enqueue(rescanned, session: session) }
        try PostgresTestDatabase.psql(url, """
            UPDATE ingest_queue SET state = 'claimed', attempts = 3, worker = 'dead-host:9',
                lease_until = now() - interval '1 second', reasons = 'worker dead-host:7 stopped; worker dead-host:8 stopped'
            WHERE path LIKE '%/b.mp4'
            """)
        let retried = try await PostgresIngest(catalog: catalog, folders: [site.library.path], leaseSeconds: 1).run()
        let failure = try #require(retried.failures.first { $0.path.hasSuffix("b.mp4") }?.failure)
        #expect(failure.message.contains("gave up after 3 attempts"))
        #expect(failure.message.contains("dead-host:9"))
        #expect(try PostgresTestDatabase.psql(url, "SELECT state FROM ingest_queue WHERE path LIKE '%/b.mp4'") == "failed")
        // A later run tries it again, and it ingests.
        let again = try await PostgresIngest(catalog: catalog, folders: [site.library.path], leaseSeconds: 1).run()
        #expect(again.counts.ingested == 1)
        await catalog.close()
    }

    @Test("sync copies SQLite to PostgreSQL and back: same rows, same search answers")
    func syncBothWays() async throws {
        if PostgresTestDatabase.skipMessage("syncBothWays") != nil { return }
        let library = try await CatalogSearchTests.library.value
        let source = OpenedCatalog.sqlite(library.catalog)
        let url = try PostgresTestDatabase.make("sync")
        // Same media folder: the hits' poster paths are then equal too.
        let postgres = OpenedCatalog.postgres(try await PostgresTestDatabase.catalog(
            url, media: URL(fileURLWithPath: library.catalog.mediaFolder)))
        let copied = try await CatalogSync.copy(from: source, to: postgres, replace: false)
        #expect(copied.rows["clip"] == 6)
        for query in [ClipQuery(code: "richness.explanations").everyStatus, ClipQuery(code: "richness.explanations", minimumScore: "mid").everyStatus,
                      ClipQuery(code: "errors.imprecision", minimumScore: "low").everyStatus, ClipQuery(grade: "4").everyStatus,
                      ClipQuery(topic: "fraction").everyStatus, ClipQuery(text: "explain").everyStatus, ClipQuery(limit: 3).everyStatus] {
            let expected = try await source.search(query).hits
            #expect(try await postgres.search(query).hits == expected, "query \(query)")
        }
        await #expect(throws: CatalogError.self) { try await CatalogSync.copy(from: source, to: postgres, replace: false) }

        let back = try Fixtures.temporaryFolder("pg-sync-back")
        defer { try? FileManager.default.removeItem(at: back) }
        let copy = OpenedCatalog.sqlite(try CatalogDatabase(path: back.appendingPathComponent("copy.sqlite").path))
        _ = try await CatalogSync.copy(from: postgres, to: copy, replace: false)
        #expect(try await copy.dumpLines(mode: .exact) == (try await source.dumpLines(mode: .exact)))
        #expect(try await copy.search(ClipQuery(text: "explain").everyStatus).hits.map(\.clipId)
                == (try await source.search(ClipQuery(text: "explain").everyStatus).hits.map(\.clipId)))
        // Ids go on from the copied ones.
        if case .postgres(let database) = postgres {
            let next = try PostgresTestDatabase.psql(url, "SELECT nextval(pg_get_serial_sequence('clip', 'id'))")
            #expect(Int64(next) ?? 0 > (library.ids.values.max() ?? 0))
            await database.close()
        }
    }

    @Test("unreachable server, wrong password, missing database, TLS refused: one clear error each")
    func connectionFaults() async throws {
        if PostgresTestDatabase.skipMessage("connectionFaults") != nil { return }
        let server = try #require(PostgresTestDatabase.serverURL)
        let media = FileManager.default.temporaryDirectory.appendingPathComponent("unused.media")
        func kind(_ url: String) async -> CatalogError.Kind? {
            do {
                let catalog = try await PostgresTestDatabase.catalog(url, media: media)
                await catalog.close()
                return nil
            } catch let error as CatalogError {
                #expect(!error.description.contains("\n"))
                #expect(!error.description.contains(":clipcoach@"), "the password stays out of messages")
                return error.kind
            } catch {
                return nil
            }
        }
        var components = try #require(URLComponents(string: server))
        var closed = components
        closed.port = try Self.closedPort()
        #expect(await kind(try #require(closed.string)) == .unreachable)
        var wrong = components
        wrong.password = "not-the-password"
        #expect(await kind(try #require(wrong.string)) == .accessDenied)
        components.path = "/no_such_database"
        #expect(await kind(try #require(components.string)) == .notFound)
        let tls = server.replacingOccurrences(of: "sslmode=disable", with: "sslmode=require")
        #expect(await kind(tls) == .unreachable)
    }

    @Test("another application's database is refused untouched; a newer schema is read, never written")
    func schemaFaults() async throws {
        if PostgresTestDatabase.skipMessage("schemaFaults") != nil { return }
        let media = try Fixtures.temporaryFolder("pg-schema")
        defer { try? FileManager.default.removeItem(at: media) }
        let foreign = try PostgresTestDatabase.make("foreign")
        try PostgresTestDatabase.psql(foreign, "CREATE TABLE invoices (id BIGINT PRIMARY KEY)")
        await #expect { try await PostgresTestDatabase.catalog(foreign, media: media) } throws: { error in
            (error as? CatalogError)?.kind == .foreignDatabase
        }
        #expect(try PostgresTestDatabase.psql(foreign, "SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = 'public'")
                == "invoices")

        let newer = try PostgresTestDatabase.make("newer")
        await (try await PostgresTestDatabase.catalog(newer, media: media)).close()
        try PostgresTestDatabase.psql(newer, "INSERT INTO clipcoach_migrations VALUES ('v99-from-the-future', 'x')")
        let catalog = try await PostgresTestDatabase.catalog(newer, media: media)
        #expect(!catalog.isWritable)
        #expect(try await catalog.stats().videos["present"] == 0)
        await #expect { try await PostgresIngest(catalog: catalog, folders: [media.path]).run() } throws: { error in
            (error as? CatalogError)?.kind == .newerSchema
        }
        await catalog.close()
    }

    @Test("processes starting together apply each migration once")
    func concurrentMigration() async throws {
        if PostgresTestDatabase.skipMessage("concurrentMigration") != nil { return }
        let url = try PostgresTestDatabase.make("together")
        let media = FileManager.default.temporaryDirectory.appendingPathComponent("unused.media")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask { await (try await PostgresTestDatabase.catalog(url, media: media)).close() }
            }
            try await group.waitForAll()
        }
        #expect(try PostgresTestDatabase.psql(url, "SELECT count(*) FROM clipcoach_migrations") == String(PostgresSchema.steps.count))
    }

    @Test("every SQLite migration has its PostgreSQL step, under the same identifier")
    func everyMigrationHasAPostgresStep() {
        let sqlite = CatalogSchema.migrations.map(\.identifier)
        let postgres = Set(PostgresSchema.steps.map(\.identifier))
        #expect(sqlite.filter { !postgres.contains($0) } == [])
    }

    /// `v5-teacher-keys` on PostgreSQL: cycles stored with an older name key (copied in by a
    /// sync from an old catalog, say) are found under any spelling once the step has run.
    @Test("the teacher-key step recomputes old keys on PostgreSQL as on SQLite")
    func teacherKeysOnPostgres() async throws {
        if PostgresTestDatabase.skipMessage("teacherKeysOnPostgres") != nil { return }
        let media = try Fixtures.temporaryFolder("pg-keys")
        defer { try? FileManager.default.removeItem(at: media) }
        let url = try PostgresTestDatabase.make("keys")
        let first = OpenedCatalog.postgres(try await PostgresTestDatabase.catalog(url, media: media))
        let store = CycleStore(catalog: first)
        let lesson = LessonReference(path: "/lessons/l.mp4", fingerprint: "sha256s:l", duration: 150)
        let cycle = try store.insert(try CoachingCycle.start(teacher: "Ms R", grade: "4", lesson: lesson,
                                                             focusCodes: ["richness.explanations"], codebook: try Codebook.mqi))
        await first.close()
        // What an older ClipCoach stored: the key as typed, and no record of the step.
        try PostgresTestDatabase.psql(url, """
            UPDATE coaching_cycle SET teacher = 'Ms R' || chr(8203), teacher_key = 'Ms R' || chr(8203);
            DELETE FROM clipcoach_migrations WHERE identifier = 'v5-teacher-keys'
            """)
        let reopened = OpenedCatalog.postgres(try await PostgresTestDatabase.catalog(url, media: media))
        let found = Result { try CycleStore(catalog: reopened).cycles(teacher: "ms r").map(\.id) }
        await reopened.close()
        #expect(try found.get() == [cycle.id])
        #expect(try PostgresTestDatabase.psql(url, "SELECT teacher_key FROM coaching_cycle") == PersonName.key("Ms R\u{200B}"))
    }

    @Test("catalog locations: files, postgres:// and postgresql:// URLs, the environment, sslmode")
    func locations() throws {
        #expect(try CatalogLocation.parse("lib.sqlite") == .sqlite(path: "lib.sqlite"))
        guard case .postgres(let url) = try CatalogLocation.parse("postgres://coach:pw@db.example.org:6543/district?sslmode=verify-full")
        else { Issue.record("not parsed as PostgreSQL"); return }
        #expect(url.host == "db.example.org" && url.port == 6543 && url.user == "coach" && url.password == "pw")
        #expect(url.database == "district" && url.sslMode == .verifyFull)
        #expect(url.redacted == "postgresql://coach@db.example.org:6543/district")
        guard case .postgres(let plain) = try CatalogLocation.parse("postgresql://coach@db/district") else {
            Issue.record("not parsed as PostgreSQL"); return
        }
        #expect(plain.port == 5432 && plain.sslMode == .prefer)
        #expect(try CatalogLocation.resolve(nil, fallback: "library.sqlite", environment: ["CLIPCOACH_CATALOG": "postgres://u@h/d"])
                == .postgres(try PostgresCatalogURL("postgres://u@h/d", environment: [:])))
        #expect(try CatalogLocation.resolve(nil, fallback: "library.sqlite", environment: [:]) == .sqlite(path: "library.sqlite"))
        #expect(throws: CatalogError.self) { try CatalogLocation.parse("postgresql://coach@db/district?sslmode=sometimes") }
        #expect(throws: CatalogError.self) { try CatalogLocation.parse("postgresql://db/district") }
        #expect(throws: CatalogError.self) { try CatalogLocation.parse("postgresql://coach@db/") }
    }

    static func closedPort() throws -> Int {
        let result = try run("python3", ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"])
        return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 1
    }

    static func files(under folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        let base = folder.standardizedFileURL.path
        var files: [String] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            files.append(String(url.standardizedFileURL.path.dropFirst(base.count + 1)))
        }
        return files.sorted()
    }
}
