import Catalog
import Foundation
import TestSupport

/// The catalog tests' side of `PostgresTestServer`.
enum PostgresTestDatabase {
    static let environmentVariable = PostgresTestServer.environmentVariable
    static var serverURL: String? { PostgresTestServer.url }

    /// nil (after saying why) when no server is given: the PostgreSQL variant is skipped.
    static func skipMessage(_ test: String) -> String? {
        PostgresTestServer.skips(test) ? "skipped \(test) on PostgreSQL" : nil
    }

    /// A new, empty database on the test server; its URL.
    static func make(_ label: String) throws -> String { try PostgresTestServer.makeDatabase(label) }

    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> String { try PostgresTestServer.psql(url, sql) }

    static func catalog(_ url: String, media: URL) async throws -> PostgresCatalog {
        guard case .postgres(let parsed) = try CatalogLocation.parse(url) else {
            throw CatalogError(.invalidQuery, path: url, message: "not a PostgreSQL URL")
        }
        return try await PostgresCatalog.open(parsed, mediaFolder: media.path)
    }
}
