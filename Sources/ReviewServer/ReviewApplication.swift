import Foundation
import Hummingbird
import Logging

// Built as plain functions (the Hummingbird template's App+build.swift): the CLI runs what
// `buildReviewApplication` returns, tests call `buildReviewRouter` and drive it directly.

/// The review server on `library`, ready to run: `try await app.runService()`.
/// `onRunning` gets the URL actually bound (useful with port 0).
func buildReviewApplication(
    _ configuration: ReviewServerConfiguration,
    library: ReviewLibrary,
    logger: Logger = Logger(label: "clipcoach.review"),
    onRunning: @escaping @Sendable (String) -> Void = { _ in }
) throws(ReviewServerError) -> some ApplicationProtocol {
    let router = try buildReviewRouter(configuration, library: library, logger: logger)
    return makeApplication(router: router, configuration, serverName: "clipcoach-review", logger: logger, onRunning: onRunning)
}

/// The Hummingbird application around a router: one place for the address, the limits and the URL printed.
func makeApplication(router: Router<ReviewRequestContext>, _ configuration: ReviewServerConfiguration, serverName: String,
                     logger: Logger, onRunning: @escaping @Sendable (String) -> Void) -> some ApplicationProtocol {
    let host = configuration.host
    return Application(
        router: router,
        server: configuration.limits.server,
        configuration: configuration.limits.applicationConfiguration(
            address: .hostname(host, port: configuration.port), serverName: serverName, logger: logger),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
            onRunning("http://\(shownHost):\(port)/")
        },
        logger: logger)
}

/// The router of `review serve` (for raters: private clips are not shown): the page's static
/// files, then the JSON API under /api/. Its catalog stays open for the life of the process.
public func buildReviewRouter(_ configuration: ReviewServerConfiguration) async throws(ReviewServerError) -> Router<ReviewRequestContext> {
    try configuration.check()
    return try buildReviewRouter(configuration, library: try await ReviewLibrary.open(configuration, audience: .raters))
}

/// Routes another face of this server (the studio) adds under /api/, behind the same guard and token.
typealias ExtraAPIRoutes = (RouterGroup<ReviewRequestContext>) -> Void

func buildReviewRouter(_ configuration: ReviewServerConfiguration, library: ReviewLibrary,
                       logger: Logger = Logger(label: "clipcoach.review"),
                       extraAPI: ExtraAPIRoutes? = nil) throws(ReviewServerError) -> Router<ReviewRequestContext> {
    guard EmbeddedResources.data("Public/index.html") != nil else {
        throw .resources("the review page's files (Public/) are missing from the build")
    }
    let router = Router(context: ReviewRequestContext.self)
    // The order matters: headers and 5xx hiding wrap everything, the Host check comes before
    // anything is read, the token login before the static files.
    router.add(middleware: SecurityHeadersMiddleware(logger: logger))
    router.add(middleware: BrowserGuardMiddleware(loopbackOnly: ReviewServerConfiguration.isLoopback(configuration.host)))
    let authentication = configuration.token.map { TokenAuthentication(token: $0) }
    if let authentication { router.add(middleware: TokenLoginMiddleware(authentication)) }
    router.add(middleware: EmbeddedFileMiddleware<ReviewRequestContext>(folder: "Public") { EmbeddedResources.data($0) })

    let api = router.group("api")
    if let authentication { api.add(middleware: TokenMiddleware(authentication)) }
    ClipRoutes.add(to: api, library: library)
    MediaRoutes.add(to: api, library: library)
    WriteRoutes.add(to: api, library: library, bodyLimit: configuration.bodyLimit)
    extraAPI?(api)
    return router
}

/// Builds the review server and runs it until SIGINT or SIGTERM. Throws `ReviewServerError`
/// when it cannot start (setup, catalog, resources), and whatever the server fails with later.
public func runReviewServer(
    _ configuration: ReviewServerConfiguration,
    logger: Logger = Logger(label: "clipcoach.review"),
    onRunning: @escaping @Sendable (String) -> Void = { _ in }
) async throws {
    try configuration.check()
    let library = try await ReviewLibrary.open(configuration, audience: .raters)
    do {
        for problem in await BlockingIO.run({ library.refreshMirror() }) {
            logger.warning("review mirror: \(problem)")
        }
        let app = try buildReviewApplication(configuration, library: library, logger: logger, onRunning: onRunning)
        try await app.runService()
    } catch {
        await library.catalog.close()
        throw error
    }
    await library.catalog.close()
}
