import ClipCoachCore
import Foundation
import Hummingbird

/// Reading: the codebook, the clip list with filters, one clip, agreement figures.
enum ClipRoutes {
    static func add(to api: RouterGroup<ReviewRequestContext>, library: ReviewLibrary) {
        api.get("codebook") { _, _ in
            JSONResponse.make(library.codebook)
        }
        api.get("clips") { request, _ in
            let filter = try filter(request)
            let clips = try await BlockingIO.run { () throws(APIError) in try library.clips(matching: filter) }
            return JSONResponse.make(clips)
        }
        api.get("clips/{id}") { _, context in
            let id = try clipID(context)
            return JSONResponse.make(try await BlockingIO.run { () throws(APIError) in try library.detail(id: id) })
        }
        api.get("agreement") { request, _ in
            let query = request.uri.queryParameters
            let codes = query[values: "code"].map(String.init)
            let raters = query[values: "rater"].map(String.init)
            let report = try await BlockingIO.run { () throws(APIError) in try library.agreement(codes: codes, raters: raters) }
            return JSONResponse.make(report)
        }
    }

    /// The `{id}` of the path: a catalog clip id (a number), else 404.
    static func clipID(_ context: ReviewRequestContext) throws(APIError) -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw APIError.notFound("no clip with id '\(context.parameters.get("id") ?? "")'")
        }
        return id
    }

    static func filter(_ request: Request) throws(APIError) -> ClipFilter {
        let query = request.uri.queryParameters
        func value(_ name: String) -> String? {
            guard let text = query[name[...]].map(String.init)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        var filter = ClipFilter(code: value("code"), rater: value("rater"), text: value("text"))
        if let state = value("state") {
            guard let parsed = ReviewState(rawValue: state) else {
                throw .badRequest("state: '\(state)' is not one of \(ReviewState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.state = parsed
        }
        return filter
    }
}
