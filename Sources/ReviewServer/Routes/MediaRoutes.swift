import Foundation
import Hummingbird

/// GET and HEAD /api/clips/{id}/media and /poster: files named by catalog id, with byte ranges
/// so a player can seek without downloading the whole clip. Each answer reads from one
/// descriptor opened beneath a served root without following links (`OpenedFile`).
enum MediaRoutes {
    static func add(to api: RouterGroup<ReviewRequestContext>, library: ReviewLibrary) {
        let media: @Sendable (Request, ReviewRequestContext) async throws -> Response = { request, context in
            let id = try ClipRoutes.clipID(context)
            let path = try await BlockingIO.run { () throws(APIError) in try library.mediaPath(id: id) }
            return try await serveFile(path, roots: library.servedRoots, request: request)
        }
        let poster: @Sendable (Request, ReviewRequestContext) async throws -> Response = { request, context in
            let id = try ClipRoutes.clipID(context)
            let path = try await BlockingIO.run { () throws(APIError) in try library.posterPath(id: id) }
            return try await serveFile(path, roots: library.servedRoots, request: request)
        }
        api.get("clips/{id}/media", use: media)
        api.head("clips/{id}/media", use: media)
        api.get("clips/{id}/poster", use: poster)
        api.head("clips/{id}/poster", use: poster)
    }

    static func serveFile(_ path: String, roots: [String], request: Request) async throws -> Response {
        let file = await BlockingIO.run { OpenedFile(path: path, beneath: roots) }
        guard let file else { throw APIError.notFound("the file of this clip is missing") }
        return FileResponse.make(file, contentType: MediaTypes.type(forFile: path), request: request)
    }
}
