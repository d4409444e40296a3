import Failures
import Foundation
import GRDB

/// A problem with the catalog itself (not with one file being ingested: those are
/// `IngestFileResult`s and never stop a run).
///
/// `description` is the one line the CLI prints: "PATH: problem".
public struct CatalogError: Error, Equatable, CustomStringConvertible, Sendable, RemedyCarrying {
    public enum Kind: String, Sendable, Codable {
        case cannotOpen      // the catalog cannot be created or opened: folder missing, read-only
        case damaged         // the file is not a catalog (not SQLite) or is corrupt
        case notFound        // no catalog at the path, or no clip with the id asked for
        case busy            // another ingest is writing into this catalog
        case invalidQuery    // a search the codebook cannot answer: unknown code, score point not on its scale
        case noInput         // a folder to ingest does not exist or cannot be read
        case database        // SQLite failed (disk full, I/O error, damaged file)
        case writeFailed     // the managed media folder cannot be written
        case newerSchema     // written by a newer ClipCoach: read it, never write it
        case invalidMigration // two migrations share an identifier (a programming error in a caller)
        case unreachable     // the catalog's PostgreSQL server cannot be reached (down, wrong host or port, TLS refused)
        case accessDenied    // the PostgreSQL server refused the user name or password
        case foreignDatabase // the database holds another application's tables, not a ClipCoach catalog
        case unsupported     // the command does not work on this kind of catalog (yet)
    }

    public let kind: Kind
    public let path: String
    public let message: String
    /// What the user can do about it (each face names it in its own words).
    public let remedy: Remedy?

    public init(_ kind: Kind, path: String, message: String, remedy: Remedy? = nil) {
        self.remedy = remedy
        self.kind = kind
        self.path = path
        // One line, whatever the cause said.
        self.message = message.replacingOccurrences(of: "\n", with: " ")
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    /// The catalog error for anything GRDB or SQLite threw while working on `path`.
    static func wrapping(_ error: any Error, path: String) -> CatalogError {
        if let error = error as? CatalogError { return error }
        guard let error = error as? DatabaseError else {
            return CatalogError(.database, path: path, message: "\(error)")
        }
        let reason = error.message ?? "SQLite error \(error.resultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
            return CatalogError(.cannotOpen, path: path, message: "cannot open the catalog: \(reason)")
        case .SQLITE_NOTADB:
            return CatalogError(.damaged, path: path, message: "not a catalog (not an SQLite database)")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return CatalogError(.busy, path: path, message: "the catalog is locked by another program: \(reason)")
        case .SQLITE_FULL:
            return CatalogError(.database, path: path, message: "disk full: \(reason)")
        case .SQLITE_CORRUPT:
            return CatalogError(.damaged, path: path, message: "the catalog file is damaged: \(reason)")
        default:
            return CatalogError(.database, path: path, message: reason)
        }
    }
}

/// Runs GRDB work, turning whatever it throws into a `CatalogError` about `path`.
func catalogStep<T>(_ path: String, _ body: () throws -> T) throws(CatalogError) -> T {
    do { return try body() } catch { throw CatalogError.wrapping(error, path: path) }
}

/// The same for awaited GRDB work (`try await pool.write { }`).
func catalogStepAsync<T>(_ path: String, _ body: () async throws -> T) async throws(CatalogError) -> T {
    do { return try await body() } catch { throw CatalogError.wrapping(error, path: path) }
}
