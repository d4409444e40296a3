import Catalog
import Foundation
import Hummingbird
import Logging

/// The studio: the review server (its pages, API, Host/Origin guard and token) with the
/// studio's routes added under the same /api/ group, so every route has the same protections.
public func runStudioServer(
    _ configuration: StudioConfiguration,
    logger: Logger = Logger(label: "clipcoach.studio"),
    onRunning: @escaping @Sendable (String) -> Void = { _ in }
) async throws {
    let app = try await buildStudioApplication(configuration, logger: logger, onRunning: onRunning)
    try await app.runService()
}

public func buildStudioApplication(
    _ configuration: StudioConfiguration,
    logger: Logger = Logger(label: "clipcoach.studio"),
    onRunning: @escaping @Sendable (String) -> Void = { _ in }
) async throws(ReviewServerError) -> some ApplicationProtocol {
    try configuration.check()
    // The studio starts a library where there is none (review serve only opens one).
    let catalog: OpenedCatalog
    do {
        catalog = try await OpenedCatalog.open(configuration.review.catalog, mustExist: false,
                                               mediaFolder: configuration.review.mediaFolder)
    } catch {
        throw .catalog(error)
    }
    let studio = StudioLibrary(configuration, catalog: catalog)
    for problem in await studio.prepare() { logger.warning("studio: \(problem)") }
    let library = ReviewLibrary(catalog: catalog, codebook: configuration.review.codebook, audience: .coaches)
    for problem in await BlockingIO.run({ library.refreshMirror() }) { logger.warning("review mirror: \(problem)") }
    let router = try buildReviewRouter(configuration.review, library: library, logger: logger) { api in
        StudioRoutes.add(to: api, studio: studio)
        UploadRoute.add(to: api, studio: studio)
        CutRoutes.add(to: api, studio: studio)
        CycleRoutes.add(to: api, studio: studio)
    }
    return makeApplication(router: router, configuration.review, serverName: "clipcoach-studio", logger: logger,
                           onRunning: { url in onRunning(url + "studio/") })
}
