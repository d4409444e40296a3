import Hummingbird
import Logging

/// Headers on every answer, errors included, so no other site can frame the pages (their
/// Accept and Remove buttons), guess content types, or learn where a reader came from; and
/// 5xx answers that say only that something failed (details go to the server's log, never a
/// path or a SQL message to the client).
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The headers this middleware sets, for tests and for other servers to document.
    public static var headers: HTTPFields {
        var fields = HTTPFields()
        fields[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        fields[.xFrameOptions] = "DENY"
        fields[.xContentTypeOptions] = "nosniff"
        fields[.referrerPolicy] = "no-referrer"
        fields[.crossOriginResourcePolicy] = "same-origin"
        return fields
    }

    let logger: Logger

    public init(logger: Logger = Logger(label: "clipcoach.web")) {
        self.logger = logger
    }

    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            // Every refusal in the one error shape, Hummingbird's own (an unknown route) too.
            response = try (error as? APIError ?? APIError(other: error)).response(from: request, context: context)
            for field in (error as? HTTPError)?.headers ?? [:] where response.headers[field.name] == nil { response.headers.append(field) }
        } catch {
            // The message may name files, the catalog or SQL: log it, answer without it.
            logger.error("\(request.method) \(request.uri.path): \(String(reflecting: error))")
            response = JSONResponse.make(APIErrorBody.serverFailure, status: .internalServerError)
        }
        for field in Self.headers where response.headers[field.name] == nil {
            response.headers.append(field)
        }
        return response
    }
}

extension HTTPFields.Element.Name {
    // Not among swift-http-types' predefined names; the literals are valid field names.
    static let xFrameOptions = HTTPFields.Element.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy")!
}
