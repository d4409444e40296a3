import Foundation

/// Where a catalog lives: an SQLite file (one coach's laptop) or a PostgreSQL
/// database (a district's shared catalog), as `--catalog` or `CLIPCOACH_CATALOG` names it.
public enum CatalogLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresCatalogURL)

    /// The environment variable read when `--catalog` is not given.
    public static let environmentVariable = "CLIPCOACH_CATALOG"

    /// `postgresql://…` or `postgres://…` is a server; anything else is a file path.
    public static func parse(_ text: String) throws(CatalogError) -> CatalogLocation {
        let lowered = text.lowercased()
        if lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://") {
            return .postgres(try PostgresCatalogURL(text))
        }
        return .sqlite(path: text)
    }

    /// Why a catalog was chosen (for a verbose run to say).
    public enum Source: Sendable, Equatable {
        /// Named by the caller (the command line).
        case given
        /// Named by `CLIPCOACH_CATALOG`.
        case environment
        /// The caller's own default.
        case fallback
        /// The nearest `library.sqlite`, found in this folder or the one named above it.
        case found(folder: String)
        /// No catalog here or above: `library.sqlite` in this folder (not yet made).
        case newHere
    }

    /// The `--catalog` value, else `CLIPCOACH_CATALOG`, else `fallback`, else the nearest
    /// `library.sqlite` in the current folder or a parent (as git finds `.git`). So `cycle new`
    /// run from a lesson's folder finds the teacher's earlier plan in the catalog above it.
    public static func resolve(_ given: String?, fallback: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               from folder: String = FileManager.default.currentDirectoryPath) throws(CatalogError) -> CatalogLocation {
        try resolveWithSource(given, fallback: fallback, environment: environment, from: folder).location
    }

    /// `resolve`, and which rule chose the catalog.
    public static func resolveWithSource(_ given: String?, fallback: String? = nil,
                                         environment: [String: String] = ProcessInfo.processInfo.environment,
                                         from folder: String = FileManager.default.currentDirectoryPath)
        throws(CatalogError) -> (location: CatalogLocation, source: Source) {
        if let given, !given.isEmpty { return (try parse(given), .given) }
        if let named = environment[environmentVariable], !named.isEmpty { return (try parse(named), .environment) }
        if let fallback { return (.sqlite(path: fallback), .fallback) }
        let (path, found) = nearest(from: folder)
        return (.sqlite(path: path), found.map { .found(folder: $0) } ?? .newHere)
    }

    /// The catalog as text for SQLite-only callers: `--catalog`, else `CLIPCOACH_CATALOG`, else
    /// the nearest `library.sqlite` (a URL comes back as given: opening it is refused later).
    public static func resolve(_ given: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               from folder: String = FileManager.default.currentDirectoryPath) -> String {
        if let given, !given.isEmpty { return given }
        if let named = environment[environmentVariable], !named.isEmpty { return named }
        return nearestFile(from: folder)
    }

    /// The nearest `library.sqlite` in `folder` or a parent; `library.sqlite` here when none.
    public static func nearestFile(from folder: String) -> String { nearest(from: folder).path }

    /// The nearest `library.sqlite` and the folder it was found in (nil: none here or above).
    static func nearest(from folder: String) -> (path: String, folder: String?) {
        var probe = URL(fileURLWithPath: folder, isDirectory: true).standardizedFileURL
        while true {
            let candidate = probe.appendingPathComponent(CatalogDatabase.defaultFileName)
            if FileManager.default.fileExists(atPath: candidate.path) {
                // Shown as typed paths are: relative when it is right here.
                let here = probe.path == URL(fileURLWithPath: folder).standardizedFileURL.path
                return (here ? CatalogDatabase.defaultFileName : candidate.path, probe.path)
            }
            let parent = probe.deletingLastPathComponent()
            if parent.path == probe.path { break }
            probe = parent
        }
        return (CatalogDatabase.defaultFileName, nil)
    }

    /// A file path, or the URL without its password.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url): return url.redacted
        }
    }
}

/// A parsed `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=…&sslrootcert=…]`.
/// The password may also come from `PGPASSWORD` (so it stays out of process lists).
public struct PostgresCatalogURL: Sendable, Equatable {
    /// libpq's sslmode values.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// A PEM file of trusted roots for verify-ca / verify-full (`sslrootcert=`).
    public var rootCertificate: String?

    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(CatalogError) {
        func bad(_ message: String) -> CatalogError {
            CatalogError(.invalidQuery, path: "", message: "catalog URL: \(message) (expected postgresql://USER@HOST:PORT/DB)")
        }
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw bad("cannot read it")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw bad("no database name") }
        guard let user = components.user, !user.isEmpty else { throw bad("no user name") }
        var sslMode = SSLMode.prefer
        var rootCertificate: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = SSLMode(rawValue: value) else {
                    throw bad("sslmode must be one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                sslMode = mode
            case "sslrootcert":
                rootCertificate = item.value
            case "application_name", "connect_timeout":
                continue
            default:
                throw bad("unknown parameter '\(item.name)'")
            }
        }
        if let port = components.port, !(1...65535).contains(port) { throw bad("port out of range") }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = (components.password?.removingPercentEncoding).flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["PGPASSWORD"]
        self.database = database.removingPercentEncoding ?? database
        self.sslMode = sslMode
        self.rootCertificate = rootCertificate
    }

    /// For messages and logs: never the password.
    public var redacted: String { "postgresql://\(user)@\(host):\(port)/\(database)" }
}
