import GRDB

/// What every catalog record shares: snake_case columns in the database (portable
/// SQL names), camelCase properties in Swift and in JSON output.
public protocol CatalogRecord: Codable, Sendable, FetchableRecord, TableRecord, EncodableRecord {}

extension CatalogRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}
