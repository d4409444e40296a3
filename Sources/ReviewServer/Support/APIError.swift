import ClipCoachCore
import Failures
import Foundation
import Hummingbird

/// An API failure with its HTTP status, answered in the one error shape (the Failures module's
/// category, subject and message): `{"error": {"status": 404, "category": "noInput",
/// "subject": "lesson 9", "message": "no lesson with id 9"}}`. The subject never holds a path
/// on the server: a file is named by its name.
struct APIError: Error, HTTPResponseError, Sendable {
    let status: HTTPResponse.Status
    let category: FailureCategory
    /// What failed: a file by its name, a clip or lesson id; empty when the whole request did.
    let subject: String
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String, subject: String = "") {
        self.status = status
        self.category = Self.category(for: status)
        self.subject = Self.shown(subject)
        self.message = message
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(body, status: status)
    }

    var body: APIErrorBody {
        APIErrorBody(error: .init(status: status.code, category: category, subject: subject, message: message))
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
        case .noPermission: .forbidden                // the server behind us refused who we are
        case .cannotCreate, .io, .software: .internalServerError
        }
    }

    /// The category of a refusal made by HTTP status (the request's form, a route or a limit).
    static func category(for status: HTTPResponse.Status) -> FailureCategory {
        switch status.code {
        case 401, 403: .noPermission
        case 404, 410: .noInput
        case 409, 412, 423, 428: .temporary
        case 422: .data
        case 503: .unavailable
        case 400..<500: .usage
        default: .software
        }
    }

    /// Any module's error, with the status of its category.
    init(_ error: any CategorizedError) {
        let subject = error.subject
        var message = error.description
        // An absolute path the server knows is shown as the file's name.
        if subject.hasPrefix("/") { message = message.replacingOccurrences(of: subject, with: Self.shown(subject)) }
        self.status = Self.status(for: error.category)
        self.category = error.category
        self.subject = Self.shown(subject)
        self.message = message
    }

    /// A subject as the browser may see it: an absolute path becomes the file's name.
    static func shown(_ subject: String) -> String {
        subject.hasPrefix("/") ? (subject as NSString).lastPathComponent : subject
    }

    /// Hummingbird's own refusals (an unknown route, a malformed request, a body over the limit)
    /// in the one error shape, with the reason phrase when they carry no message of their own.
    init(other error: any HTTPResponseError) {
        let text = (error as? HTTPError)?.body ?? ""
        let reason = switch error.status.code {
        case 404: "no such page or API route (check the address)"
        case 405: "this route does not take that method"
        default: error.status.reasonPhrase.isEmpty ? "the request was refused" : error.status.reasonPhrase.lowercased()
        }
        self.init(error.status, text.isEmpty ? reason : text)
    }
}

/// `{"error": {"status": 409, "category": "temporary", "subject": "", "message": "..."}}`
struct APIErrorBody: Encodable {
    struct Detail: Encodable {
        let status: Int
        let category: FailureCategory
        let subject: String
        let message: String
    }
    let error: Detail

    /// A 5xx answer: it says only that something failed (the detail goes to the log).
    static let serverFailure = APIErrorBody(error: .init(
        status: 500, category: .software, subject: "", message: "the server could not answer this request (see its log)"))
}

enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":{"status":500,"category":"software","subject":"","message":"cannot encode the answer"}}"#.utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
