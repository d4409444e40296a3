import ClipCoachCore
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

    /// The status for a refused review action or edit.
    init(_ error: ReviewError) {
        switch error {
        case .staleRevision: self.init(.conflict, error.description)
        case .notAllowed, .ownWork: self.init(.conflict, error.description)
        case .unknownAnnotation: self.init(.notFound, error.description)
        case .invalidInput, .noSuchSet: self.init(.unprocessableContent, error.description)
        case .invalidRecord: self.init(.internalServerError, error.description)
        case .sidecar(let inner): self.init(inner)
        }
    }

    init(_ error: SidecarError) {
        switch error.kind {
        case .unknownCode, .wrongScale, .outOfRange, .wrongLevel, .unknownCodebook, .schema:
            // A write the codebook or the sidecar's rules refuse.
            self.init(.unprocessableContent, error.description)
        case .unknownAnnotation: self.init(.notFound, error.description)
        case .conflict: self.init(.conflict, error.description)
        case .notFound: self.init(.notFound, error.description)
        case .invalidJSON, .newerVersion, .unreadable, .exists, .cannotCreate, .writeFailed:
            self.init(.internalServerError, error.description)
        }
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
