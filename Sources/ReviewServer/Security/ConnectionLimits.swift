import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// How long a connection may sit without sending a whole request, how slowly it may send a
/// body or read an answer, and how many may be open. Without these a few hundred half-sent
/// requests, trickled bodies or unread answers hold their connections for good and use up the
/// process's file handles, and honest requests wait behind them.
public struct ConnectionLimits: Sendable {
    public static let defaultIdleTimeout = 15.0
    public static let defaultWriteTimeout = 60.0
    public static let defaultMaxConnections = 256
    /// Bytes per second a request body must keep up, past its first `idleTimeout` seconds.
    public static let defaultMinimumBodyRate = 1024
    /// Bytes per second a client must take of a large answer while it holds it back (a video
    /// plays at hundreds of KB/s; a slow-loris reader takes a few bytes now and then).
    public static let defaultMinimumReadRate = 4096

    /// Seconds a connection may wait for (the rest of) a request's head, idle between requests,
    /// or take for a body (plus one second per `minimumBodyRate` bytes received).
    public var idleTimeout: Double
    /// Seconds an answer may wait for a client that reads nothing before the connection is closed.
    public var writeTimeout: Double
    public var maxConnections: Int
    public var minimumBodyRate: Int
    /// Bytes per second, over each `writeTimeout` window in which the client held an answer back.
    public var minimumReadRate: Int

    public init(idleTimeout: Double = ConnectionLimits.defaultIdleTimeout,
                writeTimeout: Double = ConnectionLimits.defaultWriteTimeout,
                maxConnections: Int = ConnectionLimits.defaultMaxConnections,
                minimumBodyRate: Int = ConnectionLimits.defaultMinimumBodyRate,
                minimumReadRate: Int = ConnectionLimits.defaultMinimumReadRate) {
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.maxConnections = maxConnections
        self.minimumBodyRate = minimumBodyRate
        self.minimumReadRate = minimumReadRate
    }

    /// Hummingbird's HTTP/1 server with the idle timeout (it closes a connection that has not
    /// finished sending its head in time, one whose body stops, and one idle between requests)
    /// and a `ConnectionDeadlineHandler` per connection (trickled bodies, unread answers).
    public var server: HTTPServerBuilder {
        let idle = TimeAmount.milliseconds(Int64(idleTimeout * 1000))
        let stall = TimeAmount.milliseconds(Int64(writeTimeout * 1000))
        let rate = minimumBodyRate, readRate = minimumReadRate
        return .http1(configuration: .init(
            additionalChannelHandlers: [ConnectionDeadlineHandler(bodyTimeout: idle, minimumBodyRate: rate, writeTimeout: stall,
                                                                  minimumReadRate: readRate)],
            idleTimeout: idle))
    }

    /// The application configuration with the connection limit: past it, new connections wait
    /// in the listen backlog until others close.
    public func applicationConfiguration(address: BindAddress, serverName: String, logger: Logger) -> ApplicationConfiguration {
        ApplicationConfiguration(address: address, serverName: serverName,
                                 availableConnectionsDelegate: MaximumAvailableConnections(maxConnections, logger: logger))
    }

    public func check() throws(ReviewServerError) {
        guard idleTimeout > 0 && idleTimeout <= 3600 else { throw .setup("the idle timeout must be more than 0 and at most 3600 seconds") }
        guard writeTimeout > 0 && writeTimeout <= 3600 else { throw .setup("the write timeout must be more than 0 and at most 3600 seconds") }
        guard minimumBodyRate > 0 else { throw .setup("the minimum body rate must be positive") }
        guard minimumReadRate > 0 else { throw .setup("the minimum download rate must be positive") }
        guard maxConnections > 0 else { throw .setup("the connection limit must be a positive number") }
    }
}
