import Foundation
import Testing
import TestSupport

/// `clipcoach library … --catalog postgresql://…` end to end: a worker ingest, search, show and
/// stats through the URL or CLIPCOACH_CATALOG, sync to a file, and the faults' exit codes
/// (69 unreachable, 77 wrong password, 69 for a command that needs SQLite: library synthesize). Needs
/// CLIPCOACH_TEST_PG (Scripts/test.sh starts a private server).
@Suite("clipcoach library on PostgreSQL")
struct LibraryPostgresCLITests {
    static var server: String? { ProcessInfo.processInfo.environment["CLIPCOACH_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 } }

    static func freshDatabase(_ server: String) throws -> String {
        let name = "cli_\(UInt32.random(in: 0...UInt32.max))"
        let made = try run("psql", [server, "-qAtc", "CREATE DATABASE \(name)"])
        #expect(made.status == 0, "\(made.stderr)")
        var components = try #require(URLComponents(string: server))
        components.path = "/" + name
        return try #require(components.string)
    }

    @Test func workerIngestSearchStatsAndSync() throws {
        guard let server = Self.server else {
            print("skipped workerIngestSearchStatsAndSync: CLIPCOACH_TEST_PG is not set (Scripts/test.sh starts a server)")
            return
        }
        let root = try Fixtures.temporaryFolder("library-pg-cli")
        defer { try? FileManager.default.removeItem(at: root) }
        let library = root.appendingPathComponent("videos")
        try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
        for name in ["lesson-noaudio.mp4", "lesson-vp9.mkv"] {
            try FileManager.default.copyItem(atPath: Fixtures.sample(name), toPath: library.appendingPathComponent(name).path)
        }
        let url = try Self.freshDatabase(server)
        let media = root.appendingPathComponent("shared.media").path
        let ingest = try clipcoach("library", "ingest", library.path, "--catalog", url, "--media", media, "--worker", "--jobs", "2")
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.hasPrefix("ingested 2, unchanged 0, missing 0, failed 0"), "\(ingest.stdout)")
        #expect(!ingest.stdout.contains(":clipcoach@"), "no password in the output")

        let environment = ProcessInfo.processInfo.environment.merging(["CLIPCOACH_CATALOG": url, "CLIPCOACH_MEDIA": media]) { $1 }
        let stats = try run(clipcoachBinary, ["library", "stats", "--json"], environment: environment)
        #expect(stats.status == 0, "\(stats.stderr)")
        let counts = try #require(try JSONSerialization.jsonObject(with: stats.stdoutData) as? [String: Any])
        #expect((counts["videos"] as? [String: Int])?["present"] == 2)
        let search = try run(clipcoachBinary, ["library", "search", "--all", "--json"], environment: environment)
        let hits = try #require((try JSONSerialization.jsonObject(with: search.stdoutData) as? [String: Any])?["hits"] as? [[String: Any]])
        #expect(hits.count == 2)
        let poster = try #require(hits.first?["poster"] as? String)
        #expect(poster.hasPrefix(media) && FileManager.default.fileExists(atPath: poster))

        let copy = root.appendingPathComponent("copy.sqlite").path
        let sync = try clipcoach("library", "sync", "--from", url, "--from-media", media, "--to", copy)
        #expect(sync.status == 0, "\(sync.stderr)")

        // `library show` reads the server as it reads the file: the same clip, video, pictures.
        let id = try #require(hits.first?["clipId"] as? Int, "\(hits.first ?? [:])")
        let shownOnServer = try run(clipcoachBinary, ["library", "show", String(id), "--json"], environment: environment)
        let shownInFile = try clipcoach("library", "show", String(id), "--json", "--catalog", copy)
        #expect(shownOnServer.status == 0 && shownInFile.status == 0, "\(shownOnServer.stderr) \(shownInFile.stderr)")
        func details(_ text: Data) throws -> [String: Any] { try #require(try JSONSerialization.jsonObject(with: text) as? [String: Any]) }
        let onServer = try details(shownOnServer.stdoutData), inFile = try details(try Data(shownInFile.stdout.utf8))
        #expect((onServer["tags"] as? NSObject)?.isEqual(inFile["tags"]) == true && (onServer["segments"] as? NSObject)?.isEqual(inFile["segments"]) == true)
        for part in ["clip", "video"] {
            let a = onServer[part] as? [String: Any] ?? [:], b = inFile[part] as? [String: Any] ?? [:]
            for key in Set(a.keys).union(b.keys) where !((a[key] as? NSObject)?.isEqual(b[key]) ?? (b[key] == nil)) {
                Issue.record("\(part).\(key) differs: \(a[key] ?? "-") (server) vs \(b[key] ?? "-") (file)")
            }
        }
        let thumbnails = try #require(onServer["thumbnails"] as? [[String: Any]])
        #expect(!thumbnails.isEmpty && thumbnails.count == (inFile["thumbnails"] as? [[String: Any]])?.count)
        #expect((onServer["poster"] as? String)?.hasPrefix(media) == true, "\(onServer["poster"] ?? "-")")
        let missing = try run(clipcoachBinary, ["library", "show", "987654"], environment: environment)
        #expect(missing.status == 66 && missing.stderr.contains("no clip with id 987654"), "\(missing.stderr)")
        #expect(sync.stdout.hasPrefix("copied 2 videos, 2 clips, 0 annotations and 2 media folders"), "\(sync.stdout)")
        let fromFile = try clipcoach("library", "dump", "--portable", "--catalog", copy)
        let fromServer = try clipcoach("library", "dump", "--portable", "--catalog", url)
        #expect(fromFile.stdout == fromServer.stdout && !fromFile.stdout.isEmpty)
        let again = try clipcoach("library", "sync", "--from", url, "--to", copy)
        #expect(again.status == 73 && again.stderr.contains("--replace"), "\(again.stderr)")
    }

    @Test func faultsGiveOneLineAndTheirExitCode() throws {
        guard let server = Self.server else {
            print("skipped faultsGiveOneLineAndTheirExitCode: CLIPCOACH_TEST_PG is not set")
            return
        }
        var wrong = try #require(URLComponents(string: server))
        wrong.password = "wrong"
        let denied = try clipcoach("library", "stats", "--catalog", try #require(wrong.string))
        #expect(denied.status == 77, "\(denied.stderr)")
        #expect(denied.stderr.split(separator: "\n").count == 1 && !denied.stderr.contains(":wrong@"), "\(denied.stderr)")

        var closed = try #require(URLComponents(string: server))
        closed.port = 1
        let unreachable = try clipcoach("library", "search", "--catalog", try #require(closed.string))
        #expect(unreachable.status == 69, "\(unreachable.stderr)")
        #expect(unreachable.stderr.contains("cannot reach the server"))

        let synthesize = try clipcoach("library", "synthesize", "--clips", "10", "--catalog", server)
        #expect(synthesize.status == 69 && synthesize.stderr.contains("needs an SQLite catalog"), "\(synthesize.stderr)")
        let worker = try clipcoach("library", "ingest", ".", "--worker", "--catalog", "library.sqlite")
        #expect(worker.status == 69 && worker.stderr.contains("--worker needs a PostgreSQL catalog"), "\(worker.stderr)")
    }
}
