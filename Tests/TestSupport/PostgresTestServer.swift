import Foundation

/// The PostgreSQL server the catalog's PostgreSQL variants run against: `CLIPCOACH_TEST_PG`
/// (a URL to a database whose role may create databases), which Scripts/test.sh sets by
/// starting a private cluster (Scripts/pg-cluster.sh). Without it those variants are skipped.
public enum PostgresTestServer {
    public static let environmentVariable = "CLIPCOACH_TEST_PG"

    public static var url: String? {
        ProcessInfo.processInfo.environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Says why and returns true when there is no server (the caller returns: skipped).
    public static func skips(_ test: String) -> Bool {
        guard url == nil else { return false }
        print("skipped \(test) on PostgreSQL: \(environmentVariable) is not set (Scripts/test.sh starts a server)")
        return true
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A new, empty database on the test server; its URL.
    public static func makeDatabase(_ label: String) throws -> String {
        guard let server = url, var components = URLComponents(string: server) else {
            throw Failure(description: "\(environmentVariable) is not set")
        }
        let name = "t_\(label.filter { $0.isLetter || $0.isNumber })_\(UInt32.random(in: 0...UInt32.max))".lowercased()
        try psql(server, "CREATE DATABASE \(name)")
        components.path = "/" + name
        return components.string ?? server
    }

    @discardableResult
    public static func psql(_ url: String, _ sql: String) throws -> String {
        let result = try run("psql", [url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], timeout: 60)
        guard result.status == 0 else { throw Failure(description: "psql failed: \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The catalog backends a behaviour test runs against (parameterized suites). PostgreSQL
/// needs `PostgresTestServer.url`; without it the PostgreSQL variant says so and returns.
public enum CatalogBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    public var description: String { rawValue }
}
