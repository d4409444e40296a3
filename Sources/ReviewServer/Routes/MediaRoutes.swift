import Foundation
import Hummingbird

/// GET /api/clips/{id}/media and /poster: files named by catalog id, with byte ranges so a
/// player can seek without downloading the whole clip.
enum MediaRoutes {
    static func add(to api: RouterGroup<ReviewRequestContext>, library: ReviewLibrary) {
        api.get("clips/{id}/media") { request, context in
            let id = try ClipRoutes.clipID(context)
            let path = try await BlockingIO.run { () throws(APIError) in try library.mediaPath(id: id) }
            return try await serveFile(path, request: request, context: context)
        }
        api.get("clips/{id}/poster") { request, context in
            let id = try ClipRoutes.clipID(context)
            let path = try await BlockingIO.run { () throws(APIError) in try library.posterPath(id: id) }
            return try await serveFile(path, request: request, context: context)
        }
    }

    /// 200 with the whole file, 206 with the asked range, 416 for a range past the end.
    static func serveFile(_ path: String, request: Request, context: ReviewRequestContext) async throws -> Response {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = (attributes[.size] as? NSNumber)?.intValue else {
            throw APIError.notFound("the file of this clip is missing")
        }
        var headers = HTTPFields()
        headers[.contentType] = MediaTypes.type(forFile: path)
        headers[.acceptRanges] = "bytes"
        headers[.cacheControl] = "private, max-age=60"
        let fileIO = FileIO()
        switch ByteRange.resolve(request.headers[.range], size: size) {
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(size)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        case .whole:
            headers[.contentLength] = String(size)
            guard size > 0 else { return Response(status: .ok, headers: headers) }
            let body = try await fileIO.loadFile(path: path, range: 0...(size - 1), context: context)
            return Response(status: .ok, headers: headers, body: body)
        case .partial(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            headers[.contentLength] = String(range.count)
            let body = try await fileIO.loadFile(path: path, range: range, context: context)
            return Response(status: .partialContent, headers: headers, body: body)
        }
    }
}
