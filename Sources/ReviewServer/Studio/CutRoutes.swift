import Foundation
import Hummingbird

/// POST /api/lessons/{id}/cuts starts a cut (202 with its job); GET /api/jobs/{id} reports it;
/// GET /api/jobs/{id}/events streams its progress as server-sent events until it ends.
enum CutRoutes {
    static func add(to api: RouterGroup<ReviewRequestContext>, studio: StudioLibrary) {
        api.post("lessons/{id}/cuts") { request, context in
            let id = try StudioRoutes.lessonID(context)
            let body = try await RequestBody.decode(CutRequest.self, from: request, limit: ReviewServerConfiguration.defaultBodyLimit)
            let job = try await BlockingIO.run { () throws(APIError) in try studio.startCut(lessonID: id, body) }
            return JSONResponse.make(job, status: .accepted)
        }
        api.get("jobs/{job}") { _, context in
            JSONResponse.make(try job(studio, context))
        }
        api.get("jobs/{job}/events") { _, context in
            guard let id = context.parameters.get("job"), let changes = studio.jobs.watch(id) else {
                throw APIError.notFound("no such cut job")
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream; charset=utf-8"
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                // Each change as the job makes it (CutJobs.watch), the last one done or failed.
                for await current in changes {
                    try await writer.write(ByteBuffer(string: "data: " + encode(current) + "\n\n"))
                }
                try await writer.finish(nil)
            })
        }
    }

    private static func job(_ studio: StudioLibrary, _ context: ReviewRequestContext) throws(APIError) -> CutJobState {
        guard let id = context.parameters.get("job"), let job = studio.jobs.get(id) else {
            throw APIError.notFound("no such cut job")
        }
        return job
    }

    private static func encode(_ job: CutJobState) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(job)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
