import ClipCoachCore
import Foundation
import Hummingbird
@testable import ReviewServer
import Testing
import TestSupport

@Suite(.serialized) struct ReviewSafetyTests {
    @Test func withATokenEveryAPICallMustCarryIt() async throws {
        let fixture = try ReviewFixture.make()
        let a = try fixture.id("a")
        let token = "s3cret-review-token"
        try await fixture.test(token: token) { client in
            #expect(try await client.execute(uri: "/api/clips", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/clips/\(a)/media", method: .get).status == .unauthorized)
            var wrong = HTTPFields()
            wrong[.authorization] = "Bearer not-the-token"
            #expect(try await client.execute(uri: "/api/clips", method: .get, headers: wrong).status == .unauthorized)

            var right = HTTPFields()
            right[.authorization] = "Bearer \(token)"
            #expect(try await client.execute(uri: "/api/clips", method: .get, headers: right).status == .ok)
            // A token in the address is exchanged for the session cookie (303 without the token).
            let login = try await client.execute(uri: "/api/clips/\(a)/media?token=\(token)", method: .get)
            #expect(login.status == .seeOther)
            #expect(login.headers[.location] == "/api/clips/\(a)/media")

            let body = try HTTP.json(["revision": try fixture.revision("a"), "code": "richness.explanations", "score": "low", "rater": "x"])
            let queryWrite = try await client.execute(uri: "/api/clips/\(a)/annotations?token=\(token)", method: .post,
                                                      headers: HTTP.jsonHeaders, body: body)
            #expect(queryWrite.status == .unauthorized, "writes need the header")
            var headers = HTTP.jsonHeaders
            headers[.authorization] = "Bearer \(token)"
            let write = try await client.execute(uri: "/api/clips/\(a)/annotations", method: .post, headers: headers, body: body)
            #expect(write.status == .created, "\(HTTP.message(write))")
        }
    }

    @Test func otherHostsNeedAToken() throws {
        let fixture = try ReviewFixture.make()
        #expect(throws: ReviewServerError.self) { try fixture.configuration(host: "0.0.0.0").check() }
        #expect(throws: ReviewServerError.self) { try fixture.configuration(token: "short", host: "0.0.0.0").check() }
        try fixture.configuration(token: "long-enough-token", host: "0.0.0.0").check()
        try fixture.configuration(host: "localhost").check()
        try fixture.configuration(host: "::1").check()
        #expect(ReviewServerConfiguration.isLoopback("127.0.0.1"))
        #expect(!ReviewServerConfiguration.isLoopback("192.168.1.5"))
        #expect(ReviewServerConfiguration.isLoopback("127.9.8.7") && ReviewServerConfiguration.isLoopback("[::1]"))
        #expect(!ReviewServerConfiguration.isLoopback("127.0.0.1.attacker.example"))
        #expect(!ReviewServerConfiguration.isLoopback("127.0.0.01x"))
        #expect(throws: ReviewServerError.self) { try fixture.configuration(host: "127.anything").check() }
    }

    /// Another web site open in the same browser cannot reach or write through a loopback server.
    @Test func otherSitesAreKeptOut() async throws {
        let fixture = try ReviewFixture.make()
        let a = try fixture.id("a")
        // The test client asks for Host "localhost".
        try await fixture.test { client in
            let body = try HTTP.json(["revision": try fixture.revision("a"), "code": "richness.explanations", "score": "low", "rater": "x"])
            var crossSite = HTTP.jsonHeaders
            crossSite[.origin] = "https://evil.example"
            #expect(try await client.execute(uri: "/api/clips/\(a)/annotations", method: .post, headers: crossSite, body: body).status == .forbidden)

            var form = HTTPFields()
            form[.contentType] = "text/plain"
            #expect(try await client.execute(uri: "/api/clips/\(a)/annotations", method: .post, headers: form, body: body).status == .unsupportedMediaType)

            var sameSite = HTTP.jsonHeaders
            sameSite[.origin] = "http://localhost"
            #expect(try await client.execute(uri: "/api/clips/\(a)/annotations", method: .post, headers: sameSite, body: body).status == .created)
        }
    }

    /// DNS rebinding: a name that resolves to 127.0.0.1 but is not a loopback name is refused.
    @Test func loopbackServersAnswerOnlyLoopbackNames() {
        func refused(_ authority: String?, loopbackOnly: Bool = true) -> HTTPResponse.Status? {
            BrowserGuard.refusal(method: .get, authority: authority, origin: nil, contentType: nil,
                                           loopbackOnly: loopbackOnly)?.status
        }
        #expect(refused("evil.example:8080") == .forbidden)
        #expect(refused("127.0.0.1:8080") == nil)
        #expect(refused("localhost:8080") == nil)
        #expect(refused("[::1]:8080") == nil)
        #expect(refused("127.0.0.1.attacker.example:8080") == .forbidden)
        #expect(refused("127.evil:8080") == .forbidden)
        #expect(refused("[::2]:8080") == .forbidden)
        // Names that resolve to loopback only through a resolver's leniency are not literals.
        for name in ["127.1:8080", "0x7f.0.0.1:8080", "localhost.:8080", "[::ffff:127.0.0.1]:8080", "2130706433:8080",
                     "127.0.0.01:8080", "localhost.evil:8080"] {
            #expect(refused(name) == .forbidden, "\(name)")
        }
        for name in ["LOCALHOST:8080", "Localhost", "[::1]:51234", "127.0.0.1", "127.255.0.9:80"] {
            #expect(refused(name) == nil, "\(name)")
        }
        #expect(refused(nil) == .forbidden, "HTTP/1.1 requires a Host")
        #expect(refused("evil.example:8080", loopbackOnly: false) == nil, "a server on another host is reached by its name")
        let write = BrowserGuard.refusal(method: .delete, authority: "127.0.0.1:8080", origin: "http://127.0.0.1:8080",
                                                   contentType: nil, loopbackOnly: true)
        #expect(write == nil, "a DELETE has no body to type")
    }

    @Test func byteRangeParsing() {
        #expect(ByteRange.resolve("bytes=0-99", size: 1000) == .partial(0...99))
        #expect(ByteRange.resolve("bytes=900-", size: 1000) == .partial(900...999))
        #expect(ByteRange.resolve("bytes=-100", size: 1000) == .partial(900...999))
        #expect(ByteRange.resolve("bytes=-5000", size: 1000) == .partial(0...999))
        #expect(ByteRange.resolve("bytes=990-5000", size: 1000) == .partial(990...999))
        #expect(ByteRange.resolve("bytes=1000-", size: 1000) == .unsatisfiable)
        #expect(ByteRange.resolve("bytes=-0", size: 1000) == .unsatisfiable)
        #expect(ByteRange.resolve(nil, size: 1000) == .whole)
        #expect(ByteRange.resolve("bytes=5-2", size: 1000) == .whole)
        #expect(ByteRange.resolve("bytes=0-1,5-6", size: 1000) == .whole)
        #expect(ByteRange.resolve("items=0-1", size: 1000) == .whole)
        #expect(ByteRange.resolve("bytes=abc-", size: 1000) == .whole)
    }

    @Test func tokensCompareWholly() {
        #expect(TokenAuthentication.equal("abcdef", "abcdef"))
        #expect(!TokenAuthentication.equal("abcdef", "abcdeg"))
        #expect(!TokenAuthentication.equal("abc", "abcdef"))
        #expect(!TokenAuthentication.equal("", "a"))
    }
}
