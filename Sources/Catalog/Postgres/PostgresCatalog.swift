import Foundation
import GRDB
import PostgresNIO

/// The library catalog in a PostgreSQL database: the same tables as the SQLite file
/// (translated by `PostgresSchema`), reached through a postgres-nio connection pool.
///
/// Opening checks the server once on its own connection (so an unreachable server,
/// wrong credentials or a database of another application give one clear error at
/// once), then applies any missing migration in one transaction under an advisory
/// lock: processes starting together wait for each other and none applies a step twice.
/// Call `close()` when done.
public final class PostgresCatalog: Sendable {
    public let url: PostgresCatalogURL
    /// The shared media folder (posters, thumbnails), absolute: the same path on every worker.
    public let mediaFolder: String
    /// False when the database was migrated by a newer ClipCoach: reads work, writes are refused.
    public let isWritable: Bool
    let client: PostgresClient
    /// Connections for the stores' synchronous sessions (`OpenedCatalog.read`/`write`).
    let blocking: PostgresBlockingConnections
    let logger: Logger
    private let runner: Task<Void, Never>

    private init(url: PostgresCatalogURL, mediaFolder: String, isWritable: Bool, client: PostgresClient,
                 blocking: PostgresBlockingConnections, logger: Logger) {
        self.url = url
        self.mediaFolder = mediaFolder
        self.isWritable = isWritable
        self.client = client
        self.blocking = blocking
        self.logger = logger
        self.runner = Task { await client.run() }
    }

    /// The label used in error lines: the URL without the password.
    public var label: String { url.redacted }

    public static func open(_ url: PostgresCatalogURL, mediaFolder: String, maximumConnections: Int = 8) async throws(CatalogError) -> PostgresCatalog {
        var logger = Logger(label: "clipcoach.catalog.postgres")
        logger.logLevel = .critical
        let tls = try PostgresTLS.settings(for: url)
        // The first connection, alone: fast, clear failures, and the migrations.
        let isWritable: Bool
        var connectionConfiguration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user,
                                                                       password: url.password, database: url.database,
                                                                       tls: tls.connection)
        connectionConfiguration.options.connectTimeout = .seconds(10)
        do {
            let configuration = connectionConfiguration
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            do {
                isWritable = try await PostgresSchema.migrate(PostgresSession(connection: connection, logger: logger), label: url.redacted)
            } catch {
                try? await connection.close()
                throw error
            }
            try? await connection.close()
        } catch {
            throw PostgresCatalog.wrapping(error, label: url.redacted)
        }
        var configuration = PostgresClient.Configuration(host: url.host, port: url.port, username: url.user,
                                                         password: url.password, database: url.database, tls: tls.client)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(10)
        let absoluteMedia = URL(fileURLWithPath: mediaFolder).standardizedFileURL.path
        return PostgresCatalog(url: url, mediaFolder: absoluteMedia, isWritable: isWritable,
                               client: PostgresClient(configuration: configuration, backgroundLogger: logger),
                               blocking: PostgresBlockingConnections(label: url.redacted, configuration: connectionConfiguration,
                                                                     logger: logger, maximum: maximumConnections),
                               logger: logger)
    }

    /// Stops the pool (its connections close).
    public func close() async {
        blocking.close()
        runner.cancel()
        await runner.value
    }

    func requireWritable() throws(CatalogError) {
        guard isWritable else {
            throw CatalogError(.newerSchema, path: label, message: "written by a newer ClipCoach; this version only reads it")
        }
    }

    /// Runs `body` on one pooled connection, errors as `CatalogError`s.
    func session<T: Sendable>(_ body: (PostgresSession) async throws -> T) async throws(CatalogError) -> T {
        let logger = logger
        do {
            return try await client.withConnection { connection in try await body(PostgresSession(connection: connection, logger: logger)) }
        } catch {
            throw Self.wrapping(error, label: label)
        }
    }

    /// Runs `body` in one transaction (committed when it returns, rolled back when it throws).
    func transaction<T: Sendable>(_ body: (PostgresSession) async throws -> T) async throws(CatalogError) -> T {
        let logger = logger
        do {
            return try await client.withConnection { connection in
                try await connection.withTransaction(logger: logger) { connection in
                    try await body(PostgresSession(connection: connection, logger: logger))
                }
            }
        } catch {
            throw Self.wrapping(error, label: label)
        }
    }

    /// One line for whatever postgres-nio threw.
    static func wrapping(_ error: any Error, label: String) -> CatalogError {
        if let error = error as? CatalogError { return error }
        guard let error = error as? PSQLError else {
            if error is NIOSSLError {
                return CatalogError(.unreachable, path: label, message: "TLS failed: \(error)")
            }
            return CatalogError(.unreachable, path: label, message: "cannot reach the server: \(error)")
        }
        let state = error.serverInfo?[.sqlState] ?? ""
        let serverMessage = error.serverInfo?[.message] ?? ""
        switch error.code {
        case .server:
            switch state {
            case "28P01", "28000":
                return CatalogError(.accessDenied, path: label, message: "the server refused the user name or password (\(serverMessage))")
            case "3D000":
                return CatalogError(.notFound, path: label, message: "no such database on the server (\(serverMessage))")
            case "42501":
                return CatalogError(.accessDenied, path: label, message: "permission denied: \(serverMessage)")
            case "57P01", "57P02", "57P03", "53300":
                return CatalogError(.unreachable, path: label, message: "the server is not accepting connections: \(serverMessage)")
            default:
                return CatalogError(.database, path: label, message: "PostgreSQL \(state): \(serverMessage)")
            }
        case .authMechanismRequiresPassword:
            return CatalogError(.accessDenied, path: label, message: "the server wants a password (give it in the URL or PGPASSWORD)")
        case .sslUnsupported:
            return CatalogError(.unreachable, path: label, message: "the server does not offer TLS, and sslmode requires it")
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed, .clientClosedConnection:
            let cause = error.underlying.map { "\($0)" } ?? "\(error.code)"
            return CatalogError(.unreachable, path: label, message: "cannot reach the server: \(cause)")
        default:
            return CatalogError(.database, path: label, message: "PostgreSQL: \(error.code)")
        }
    }
}

/// TLS as libpq's sslmode says: disable = never; allow, prefer = when the server offers
/// it, unverified; require = always, unverified; verify-ca = the chain; verify-full = the
/// chain and the host name.
enum PostgresTLS {
    struct Settings {
        let connection: PostgresConnection.Configuration.TLS
        let client: PostgresClient.Configuration.TLS
    }

    static func settings(for url: PostgresCatalogURL) throws(CatalogError) -> Settings {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch url.sslMode {
        case .disable: return Settings(connection: .disable, client: .disable)
        case .allow, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let root = url.rootCertificate { configuration.trustRoots = .file(root) }
        let context: NIOSSLContext
        do { context = try NIOSSLContext(configuration: configuration) } catch {
            throw CatalogError(.cannotOpen, path: url.redacted, message: "cannot set up TLS: \(error)")
        }
        switch url.sslMode {
        case .require, .verifyCA, .verifyFull:
            return Settings(connection: .require(context), client: .require(configuration))
        default:
            return Settings(connection: .prefer(context), client: .prefer(configuration))
        }
    }
}
