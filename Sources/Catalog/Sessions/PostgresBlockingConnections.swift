import Foundation
import PostgresNIO

/// The connections behind `OpenedCatalog.read`/`write` on PostgreSQL: opened on demand
/// (at most `maximum`; more callers wait for one to come back), kept for reuse, dropped
/// when one breaks. Connecting and every statement wait on NIO futures, so callers are
/// blocking contexts (a command's main thread, a server's blocking-work queue), never an
/// event loop.
final class PostgresBlockingConnections: @unchecked Sendable {
    private let label: String
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let maximum: Int
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var closed = false
    private var nextID = 1000

    init(label: String, configuration: PostgresConnection.Configuration, logger: Logger, maximum: Int) {
        self.label = label
        self.configuration = configuration
        self.logger = logger
        self.maximum = max(1, maximum)
    }

    /// Runs `body` with a connection of its own; a connection left broken is closed, not reused.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try checkOut()
        do {
            let result = try body(connection)
            checkIn(connection)
            return result
        } catch {
            checkIn(connection)
            throw error
        }
    }

    deinit {
        // A connection must be closed before it goes: each is kept by its close's callback until then.
        for connection in idle { connection.close().whenComplete { _ in _ = connection } }
    }

    /// Closes every idle connection; later calls fail.
    func close() {
        condition.lock()
        closed = true
        let closing = idle
        idle = []
        open -= closing.count
        condition.broadcast()
        condition.unlock()
        for connection in closing { _ = try? connection.close().wait() }
    }

    private func checkOut() throws -> PostgresConnection {
        condition.lock()
        while true {
            if closed {
                condition.unlock()
                throw CatalogError(.unreachable, path: label, message: "the catalog was closed")
            }
            if let connection = idle.popLast() {
                condition.unlock()
                return connection
            }
            if open < maximum { break }
            condition.wait()
        }
        open += 1
        nextID += 1
        let id = nextID
        condition.unlock()
        do {
            return try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.next(),
                                                  configuration: configuration, id: id, logger: logger).wait()
        } catch {
            condition.lock()
            open -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func checkIn(_ connection: PostgresConnection) {
        condition.lock()
        if connection.isClosed || closed {
            open -= 1
            condition.signal()
            condition.unlock()
            if !connection.isClosed { _ = try? connection.close().wait() }
            return
        }
        idle.append(connection)
        condition.signal()
        condition.unlock()
    }
}
