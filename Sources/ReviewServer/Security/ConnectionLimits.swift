import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// How long a connection may sit without sending a whole request, and how many may be open.
/// Without these a few hundred half-sent requests hold their connections for good and use up
/// the process's file handles, and honest requests wait behind them.
public struct ConnectionLimits: Sendable {
    public static let defaultIdleTimeout = 15.0
    public static let defaultMaxConnections = 256

    /// Seconds a connection may wait for (the rest of) a request's head or body, or idle between requests.
    public var idleTimeout: Double
    public var maxConnections: Int

    public init(idleTimeout: Double = ConnectionLimits.defaultIdleTimeout,
                maxConnections: Int = ConnectionLimits.defaultMaxConnections) {
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }

    /// Hummingbird's HTTP/1 server with the idle timeout: it closes a connection that has not
    /// finished sending its head (or body) in time, and one idle between requests.
    public var server: HTTPServerBuilder {
        .http1(configuration: .init(idleTimeout: .milliseconds(Int64(idleTimeout * 1000))))
    }

    /// The application configuration with the connection limit: past it, new connections wait
    /// in the listen backlog until others close.
    public func applicationConfiguration(address: BindAddress, serverName: String, logger: Logger) -> ApplicationConfiguration {
        ApplicationConfiguration(address: address, serverName: serverName,
                                 availableConnectionsDelegate: MaximumAvailableConnections(maxConnections, logger: logger))
    }

    public func check() throws(ReviewServerError) {
        guard idleTimeout > 0 && idleTimeout <= 3600 else { throw .setup("the idle timeout must be more than 0 and at most 3600 seconds") }
        guard maxConnections > 0 else { throw .setup("the connection limit must be a positive number") }
    }
}
