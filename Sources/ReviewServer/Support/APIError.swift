import ClipCoachCore
import Failures
import Foundation
import Hummingbird

/// An API failure with its HTTP status, answered as `{"error": {"status": N, "message": "..."}}`.
struct APIError: Error, HTTPResponseError, Sendable {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(APIErrorBody(error: .init(status: status.code, message: message)), status: status)
    }

    static func notFound(_ what: String) -> APIError { APIError(.notFound, what) }
    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }

    /// The one place a failure's category becomes an HTTP status (the CLI's twin is
    /// `ExitStatus.init(_: FailureCategory)`).
    static func status(for category: FailureCategory) -> HTTPResponse.Status {
        switch category {
        case .usage, .data: .unprocessableContent     // the request or the record it names is refused
        case .noInput: .notFound
        case .unavailable, .temporary: .conflict       // not in this state / changed meanwhile: reload
        case .cannotCreate, .io, .software: .internalServerError
        }
    }

    /// Any module's error, with the status of its category.
    init(_ error: any CategorizedError) {
        self.init(Self.status(for: error.category), error.description)
    }
}

/// `{"error": {"status": 409, "message": "..."}}`
struct APIErrorBody: Encodable {
    struct Detail: Encodable {
        let status: Int
        let message: String
    }
    let error: Detail
}

enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":{"status":500,"message":"cannot encode the answer"}}"#.utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
