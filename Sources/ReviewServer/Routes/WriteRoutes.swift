import Foundation
import Hummingbird

/// Writing: add, change and remove annotations; submit, accept, request changes. Every write
/// names the revision it was made on (409 when the file moved on) and is saved through
/// `ReviewStore` (atomic, locked, checked against the codebook).
enum WriteRoutes {
    static func add(to api: RouterGroup<ReviewRequestContext>, library: ReviewLibrary, bodyLimit: Int) {
        api.post("clips/{id}/annotations") { request, context in
            let id = try ClipRoutes.clipID(context)
            let body = try await RequestBody.decode(NewAnnotationRequest.self, from: request, limit: bodyLimit)
            let result = try await BlockingIO.run { () throws(APIError) in try library.addAnnotation(clipID: id, body) }
            return JSONResponse.make(result, status: .created)
        }
        api.put("clips/{id}/annotations/{annotation}") { request, context in
            let id = try ClipRoutes.clipID(context)
            let annotationID = context.parameters.get("annotation") ?? ""
            let body = try await RequestBody.decode(ChangeAnnotationRequest.self, from: request, limit: bodyLimit)
            let result = try await BlockingIO.run { () throws(APIError) in
                try library.changeAnnotation(clipID: id, annotationID: annotationID, body)
            }
            return JSONResponse.make(result)
        }
        api.delete("clips/{id}/annotations/{annotation}") { request, context in
            let id = try ClipRoutes.clipID(context)
            let annotationID = context.parameters.get("annotation") ?? ""
            let query = request.uri.queryParameters
            guard let revision = query["revision"].flatMap({ Int($0) }) else {
                throw APIError.badRequest("revision: give the revision the page shows (?revision=N)")
            }
            let by = query["by"].map(String.init) ?? ""
            let result = try await BlockingIO.run { () throws(APIError) in
                try library.removeAnnotation(clipID: id, annotationID: annotationID, revision: revision, by: by)
            }
            return JSONResponse.make(result)
        }
        api.put("clips/{id}/sharing") { request, context in
            let id = try ClipRoutes.clipID(context)
            let body = try await RequestBody.decode(SharingRequest.self, from: request, limit: bodyLimit)
            let result = try await BlockingIO.run { () throws(APIError) in try library.setSharing(clipID: id, body) }
            return JSONResponse.make(result)
        }
        api.post("clips/{id}/review") { request, context in
            let id = try ClipRoutes.clipID(context)
            let body = try await RequestBody.decode(ReviewActionRequest.self, from: request, limit: bodyLimit)
            let result = try await BlockingIO.run { () throws(APIError) in try library.review(clipID: id, body) }
            return JSONResponse.make(result)
        }
    }
}

/// Request bodies: JSON only, at most `limit` bytes (413 beyond, checked before reading when
/// the client says its length), decoded with a 400 naming the field that is wrong.
enum RequestBody {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw APIError(.contentTooLarge, "the request body is \(declared) bytes; at most \(limit) are accepted")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, "the request body is over \(limit) bytes")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIError.badRequest("invalid request: \(describe(error))")
        } catch {
            throw APIError.badRequest("invalid request: not JSON")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])): missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context.codingPath)): wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
