import Foundation
import Hummingbird

/// Every /api/ call carries the token when one is set: `Authorization: Bearer T`, or, for
/// GET only (a `<video src>` cannot send headers), `?token=T`. Writes need the header, so a
/// link or a form on another site can never write.
struct TokenMiddleware: RouterMiddleware {
    typealias Context = ReviewRequestContext
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let header = request.headers[.authorization].flatMap { value -> String? in
            value.hasPrefix("Bearer ") ? String(value.dropFirst("Bearer ".count)) : nil
        }
        let query = request.method == .get ? request.uri.queryParameters["token"].map(String.init) : nil
        guard let given = header ?? query, Self.equal(given, token) else {
            throw APIError(.unauthorized, "this server needs its token: Authorization: Bearer TOKEN")
        }
        return try await next(request, context)
    }

    /// Compares without stopping at the first difference, so timing tells nothing about the token.
    static func equal(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
    }
}

/// Guards a server on loopback against other web sites in the same browser:
/// - a Host header that is not a loopback name is refused (DNS rebinding),
/// - a write whose Origin is another site is refused,
/// - writes must be JSON (a cross-site form cannot send `application/json` without asking first).
struct BrowserGuardMiddleware: RouterMiddleware {
    typealias Context = ReviewRequestContext
    /// True when the server listens on loopback only: then the Host must be loopback too.
    let loopbackOnly: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let refusal = Self.refusal(method: request.method, authority: request.head.authority,
                                      origin: request.headers[.origin], contentType: request.headers[.contentType],
                                      loopbackOnly: loopbackOnly) {
            throw refusal
        }
        return try await next(request, context)
    }

    /// Why a request is refused, or nil. `authority` is the Host the browser asked for.
    static func refusal(method: HTTPRequest.Method, authority: String?, origin: String?, contentType: String?,
                        loopbackOnly: Bool) -> APIError? {
        if loopbackOnly, let authority, !ReviewServerConfiguration.isLoopback(hostName(authority)) {
            return APIError(.forbidden, "this server answers only to localhost / 127.0.0.1")
        }
        guard method != .get && method != .head && method != .options else { return nil }
        if let origin, let authority, hostAndPort(ofOrigin: origin) != authority.lowercased() {
            return APIError(.forbidden, "writes from another site (\(origin)) are refused")
        }
        // application/octet-stream (the studio's uploads) is, like JSON, a type no cross-site form can send.
        let type = contentType?.lowercased() ?? ""
        if method != .delete && !type.hasPrefix("application/json") && !type.hasPrefix("application/octet-stream") {
            return APIError(.unsupportedMediaType, "send JSON (Content-Type: application/json)")
        }
        return nil
    }

    /// `127.0.0.1:8080` -> `127.0.0.1`, `[::1]:8080` -> `[::1]`.
    static func hostName(_ host: String) -> String {
        if host.hasPrefix("["), let end = host.firstIndex(of: "]") { return String(host[...end]) }
        return String(host.split(separator: ":", maxSplits: 1).first ?? "")
    }

    /// `http://127.0.0.1:8080` -> `127.0.0.1:8080`.
    static func hostAndPort(ofOrigin origin: String) -> String {
        guard let range = origin.range(of: "://") else { return origin.lowercased() }
        return String(origin[range.upperBound...]).lowercased()
    }
}
