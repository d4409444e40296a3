import Foundation
import Hummingbird

/// A server's token and the session value that stands for it in a browser.
///
/// The token is typed once (`?token=T` in the address); the server answers with a redirect to
/// the same address without it and an HttpOnly, SameSite=Strict cookie holding a session: a
/// fresh random value for each login, good for `sessionLifetime` (the cookie's Max-Age, and
/// checked here too). So the token never stays in the address bar, the history, a
/// `<video src>` or a cookie, and page scripts never see it; sessions end with the server.
public struct TokenAuthentication: Sendable {
    /// How long a login lasts: a working day.
    public static let sessionLifetime = 12 * 60 * 60
    /// Most sessions kept; past it the oldest is forgotten (its browser logs in again).
    static let maxSessions = 1000

    public let token: String
    let sessions: SessionBook

    public init(token: String, lifetime: Int = TokenAuthentication.sessionLifetime) {
        self.token = token
        sessions = SessionBook(lifetime: TimeInterval(lifetime), capacity: Self.maxSessions)
    }

    /// A new session value (64 hex digits from the system's random source), remembered.
    public func newSession() -> String {
        var generator = SystemRandomNumberGenerator()
        let session = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        sessions.add(session)
        return session
    }

    /// Cookies are shared by all ports of a host: the name carries the port, so two servers on
    /// one machine do not overwrite each other's session.
    public static func cookieName(authority: String?) -> String {
        let port = authority.flatMap { $0.split(separator: ":").last.map(String.init) }.flatMap { Int($0) }
        return "clipcoach_session" + (port.map { "_\($0)" } ?? "")
    }

    /// True when the request carries the token (`Authorization: Bearer T`, the scheme name in
    /// any case) or the session cookie.
    public func admits(_ request: Request) -> Bool {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            if parts.count == 2, parts[0].lowercased() == "bearer",
               Self.equal(parts[1].trimmingCharacters(in: .whitespaces), token) {
                return true
            }
        }
        if let cookie = request.cookies[Self.cookieName(authority: request.head.authority)]?.value {
            return sessions.admits(cookie)
        }
        return false
    }

    /// Compares without stopping at the first difference, so timing tells nothing about the token.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
    }
}

/// Put on the whole router: a GET carrying `?token=T` gets 303 to the same address without
/// the token, with the session cookie (401 when the token is wrong).
public struct TokenLoginMiddleware<Context: RequestContext>: RouterMiddleware {
    let authentication: TokenAuthentication

    public init(_ authentication: TokenAuthentication) {
        self.authentication = authentication
    }

    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head,
              let given = request.uri.queryParameters["token"].map(String.init) else {
            return try await next(request, context)
        }
        guard TokenAuthentication.equal(given, authentication.token) else {
            throw APIError(.unauthorized, "the token in the address is not this server's")
        }
        let rest = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("token=") }
        var headers = HTTPFields()
        // Only a path on this server: `//host/...` would send the browser elsewhere.
        let path = request.uri.path.hasPrefix("/") && !request.uri.path.hasPrefix("//") ? request.uri.path : "/"
        headers[.location] = path + (rest.isEmpty ? "" : "?" + rest.joined(separator: "&"))
        headers[.setCookie] = "\(TokenAuthentication.cookieName(authority: request.head.authority))=\(authentication.newSession()); "
            + "Path=/; Max-Age=\(TokenAuthentication.sessionLifetime); HttpOnly; SameSite=Strict"
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}

/// Put on the data routes (`/api/`): 401 unless the request carries the token or the session.
public struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let authentication: TokenAuthentication

    public init(_ authentication: TokenAuthentication) {
        self.authentication = authentication
    }

    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        guard authentication.admits(request) else {
            throw APIError(.unauthorized, "this server needs its token: Authorization: Bearer TOKEN, or open the page once as /?token=TOKEN")
        }
        return try await next(request, context)
    }
}

/// The live sessions and when each began; shared by every request (hence the lock).
final class SessionBook: @unchecked Sendable {
    // @unchecked: `started` is only touched under `lock`.
    private let lock = NSLock()
    private var started: [String: Date] = [:]
    private let lifetime: TimeInterval
    private let capacity: Int

    init(lifetime: TimeInterval, capacity: Int) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func add(_ session: String) {
        lock.withLock {
            let now = Date()
            started = started.filter { now.timeIntervalSince($0.value) < lifetime }
            if started.count >= capacity, let oldest = started.min(by: { $0.value < $1.value })?.key {
                started[oldest] = nil
            }
            started[session] = now
        }
    }

    /// True for a session given out less than `lifetime` ago. Compared in constant time with
    /// each live session, so timing tells nothing about them.
    func admits(_ cookie: String) -> Bool {
        lock.withLock {
            let now = Date()
            var found = false
            for (session, start) in started where TokenAuthentication.equal(cookie, session) {
                found = now.timeIntervalSince(start) < lifetime
            }
            return found
        }
    }
}
