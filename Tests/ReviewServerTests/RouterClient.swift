import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import ReviewServer

/// What the review router answered to one request.
struct TestResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: ByteBuffer
}

/// Sends requests straight to the review router, in process: no socket, no HTTP
/// parser (Tests/Browser drives the real server over a loopback socket, in chromium).
///
/// Written here instead of using HummingbirdTesting, whose TLS-capable client
/// (AsyncHTTPClient, swift-nio-ssl) adds BoringSSL and swift-crypto to every test
/// build; these tests only need what its `.router` mode did, which this mirrors.
struct RouterClient: Sendable {
    let responder: RouterResponder<ReviewRequestContext>

    init(router: Router<ReviewRequestContext>) {
        responder = router.buildResponder()
    }

    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:],
                 body: ByteBuffer? = nil) async throws -> TestResponse {
        var headers = headers
        if let body { headers[.contentLength] = String(body.readableBytes) }
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
            body: RequestBody(buffer: body ?? ByteBuffer())
        )
        let context = ReviewRequestContext(
            source: ApplicationRequestContextSource(channel: NIOAsyncTestingChannel(), logger: Self.logger))
        let response: Response
        do {
            response = try await responder.respond(to: request, context: context)
        } catch {
            // As a server would answer an error that escaped every middleware.
            response = Response(status: .internalServerError)
        }
        let collector = BodyCollector()
        try await response.body.write(collector)
        return TestResponse(status: response.status, headers: response.headers, body: collector.body)
    }

    private static let logger = Logger(label: "clipcoach.review.test")
}

/// Gathers a response body as the router writes it (one writer, one request at a time).
private final class BodyCollector: ResponseBodyWriter {
    var body = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        body.writeImmutableBuffer(buffer)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
