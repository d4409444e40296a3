import Hummingbird

/// Guards a server against other web sites open in the same browser:
/// - on loopback, a Host that is not a loopback name is refused (DNS rebinding: a site's own
///   name made to resolve to 127.0.0.1 would otherwise read and write as the reviewer),
/// - a write whose Origin is another site is refused,
/// - writes must be JSON (a cross-site form cannot send `application/json` without asking first).
public struct BrowserGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    /// True when the server listens on loopback only: then the Host must be loopback too.
    let loopbackOnly: Bool

    public init(loopbackOnly: Bool) {
        self.loopbackOnly = loopbackOnly
    }

    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        if let refusal = BrowserGuard.refusal(method: request.method, authority: request.head.authority,
                                              origin: request.headers[.origin], contentType: request.headers[.contentType],
                                              loopbackOnly: loopbackOnly) {
            throw refusal
        }
        return try await next(request, context)
    }
}

enum BrowserGuard {
    /// Why a request is refused, or nil. `authority` is the Host the browser asked for.
    static func refusal(method: HTTPRequest.Method, authority: String?, origin: String?, contentType: String?,
                        loopbackOnly: Bool) -> APIError? {
        if loopbackOnly && !LoopbackName.isLoopback(LoopbackName.hostName(ofAuthority: authority ?? "")) {
            return APIError(.forbidden, "this server answers only to localhost, 127.0.0.1 or [::1]")
        }
        guard method != .get && method != .head && method != .options else { return nil }
        if let origin, let authority, hostAndPort(ofOrigin: origin) != authority.lowercased() {
            return APIError(.forbidden, "writes from another site are refused")
        }
        // application/octet-stream (the studio's uploads) is, like JSON, a type no cross-site form can send.
        let type = contentType?.lowercased() ?? ""
        if method != .delete && !type.hasPrefix("application/json") && !type.hasPrefix("application/octet-stream") {
            return APIError(.unsupportedMediaType, "send JSON (Content-Type: application/json)")
        }
        return nil
    }

    /// `http://127.0.0.1:8080` -> `127.0.0.1:8080`.
    static func hostAndPort(ofOrigin origin: String) -> String {
        guard let range = origin.range(of: "://") else { return origin.lowercased() }
        return String(origin[range.upperBound...]).lowercased()
    }
}
