import Foundation
import Hummingbird

/// Reading lessons: the list, one lesson, its keyframes, media, poster and filmstrip pictures.
enum StudioRoutes {
    static func add(to api: RouterGroup<ReviewRequestContext>, studio: StudioLibrary) {
        api.get("lessons") { _, _ in
            JSONResponse.make(try await BlockingIO.run { () throws(APIError) in try studio.lessons() })
        }
        api.get("lessons/{id}") { _, context in
            let id = try lessonID(context)
            return JSONResponse.make(try await BlockingIO.run { () throws(APIError) in try studio.detail(id: id) })
        }
        api.get("lessons/{id}/keyframes") { _, context in
            let id = try lessonID(context)
            let times = try await BlockingIO.run { () throws(APIError) in try studio.keyframes(id: id) }
            return JSONResponse.make(KeyframeList(times: times))
        }
        api.get("lessons/{id}/media") { request, context in
            let id = try lessonID(context)
            let path = try await BlockingIO.run { () throws(APIError) in try studio.lesson(id: id).videoPath }
            return try await MediaRoutes.serveFile(path, roots: studio.servedRoots, request: request)
        }
        api.get("lessons/{id}/poster") { request, context in
            let id = try lessonID(context)
            let path = try await BlockingIO.run { () throws(APIError) in
                guard let poster = try studio.lesson(id: id).posterPath else { throw APIError.notFound("lesson \(id) has no poster") }
                return poster
            }
            return try await MediaRoutes.serveFile(path, roots: studio.servedRoots, request: request)
        }
        api.get("lessons/{id}/thumbs/{index}") { request, context in
            let id = try lessonID(context)
            guard let index = context.parameters.get("index").flatMap({ Int($0) }), index >= 0 else {
                throw APIError.notFound("no such thumbnail")
            }
            let path = try await BlockingIO.run { () throws(APIError) in try studio.thumbnailPath(id: id, index: index) }
            return try await MediaRoutes.serveFile(path, roots: studio.servedRoots, request: request)
        }
    }

    /// The `{id}` of the path: a catalog id (a number), else 404.
    static func lessonID(_ context: ReviewRequestContext) throws(APIError) -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw APIError.notFound("no lesson with id '\(context.parameters.get("id") ?? "")'")
        }
        return id
    }
}

struct KeyframeList: Encodable, Sendable {
    /// Lesson time, seconds, ascending.
    let times: [Double]
}
