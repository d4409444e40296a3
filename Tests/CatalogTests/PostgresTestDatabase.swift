import Catalog
import Foundation
import TestSupport

/// The catalog backends a behaviour test runs against. PostgreSQL needs a server:
/// `CLIPCOACH_TEST_PG` (a URL to a database whose role may create databases), which
/// Scripts/test.sh sets by starting a private cluster (Scripts/pg-cluster.sh).
enum CatalogBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }
}

enum PostgresTestDatabase {
    static let environmentVariable = "CLIPCOACH_TEST_PG"
    static var serverURL: String? {
        ProcessInfo.processInfo.environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// nil (after saying why) when no server is given: the PostgreSQL variant is skipped.
    static func skipMessage(_ test: String) -> String? {
        guard serverURL == nil else { return nil }
        let message = "skipped \(test) on PostgreSQL: \(environmentVariable) is not set (Scripts/test.sh starts a server)"
        print(message)
        return message
    }

    /// A new, empty database on the test server; its URL.
    static func make(_ label: String) throws -> String {
        guard let server = serverURL, var components = URLComponents(string: server) else {
            throw CatalogError(.unreachable, path: "", message: "\(environmentVariable) is not set")
        }
        let name = "t_\(label.filter { $0.isLetter || $0.isNumber })_\(UInt32.random(in: 0...UInt32.max))".lowercased()
        try psql(server, "CREATE DATABASE \(name)")
        components.path = "/" + name
        return components.string ?? server
    }

    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> String {
        let result = try run("psql", [url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], timeout: 60)
        guard result.status == 0 else {
            throw CatalogError(.database, path: "", message: "psql failed: \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func catalog(_ url: String, media: URL) async throws -> PostgresCatalog {
        guard case .postgres(let parsed) = try CatalogLocation.parse(url) else {
            throw CatalogError(.invalidQuery, path: url, message: "not a PostgreSQL URL")
        }
        return try await PostgresCatalog.open(parsed, mediaFolder: media.path)
    }
}
