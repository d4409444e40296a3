import Dispatch

/// Runs blocking work (file locks, sidecar reads and saves, SQLite) off Swift's cooperative
/// threads: a save can wait on another writer's lock for seconds, and the cooperative pool
/// has only as many threads as cores. GCD adds threads while these wait.
enum BlockingIO {
    private static let queue = DispatchQueue(label: "clipcoach.review.io", attributes: .concurrent)

    static func run<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Result { () throws(E) -> T in try work() })
            }
        }
        return try result.get()
    }
}
