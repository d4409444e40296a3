import Hummingbird
import NIOCore
import NIOHTTPTypes

/// Deadlines Hummingbird's idle timeout leaves open: it restarts on every piece of a request
/// body and sleeps while an answer is being written. So a client could trickle a body one byte
/// at a time, or stop reading a large answer, and hold its connection for good.
///
/// - **Body**: a request's body must arrive within `bodyTimeout` of its head, plus one second
///   for every `minimumBodyRate` bytes received (Apache's mod_reqtimeout rule: a slow but
///   honest upload goes on, a trickle does not). Past that the client gets `408` (when no answer
///   has started) and the connection is closed.
/// - **Write stall**: while the client reads nothing, NIO's outbound buffer fills and the
///   channel turns unwritable; when it stays so for `writeTimeout`, the connection is closed.
///
/// Sits between Hummingbird's HTTP part codec and its request handling (an HTTP/1
/// `additionalChannelHandlers` entry), one instance per connection; everything runs on the
/// connection's event loop.
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let bodyTimeout: TimeAmount
    private let minimumBodyRate: Int
    private let writeTimeout: TimeAmount

    /// When the head of the request still being read arrived; nil once its end came.
    private var requestStarted: NIODeadline?
    private var bodyBytes = 0
    private var requestsRead = 0
    private var answersStarted = 0
    private var answersFinished = 0
    private var bodyCheck: Scheduled<Void>?
    private var stallCheck: Scheduled<Void>?

    init(bodyTimeout: TimeAmount, minimumBodyRate: Int, writeTimeout: TimeAmount) {
        self.bodyTimeout = bodyTimeout
        self.minimumBodyRate = max(1, minimumBodyRate)
        self.writeTimeout = writeTimeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestsRead += 1
            requestStarted = .now()
            bodyBytes = 0
            scheduleBodyCheck(context, at: .now() + bodyTimeout)
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
        case .end:
            requestStarted = nil
            bodyCheck?.cancel()
            bodyCheck = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.kind != .informational: answersStarted += 1
        case .end: answersFinished += 1
        default: break
        }
        context.write(data, promise: promise)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            stallCheck?.cancel()
            stallCheck = nil
        } else if stallCheck == nil {
            stallCheck = context.eventLoop.assumeIsolated().scheduleTask(in: writeTimeout) { [self] in
                stallCheck = nil
                if !context.channel.isWritable { context.close(promise: nil) }
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelChecks()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelChecks()
    }

    private func cancelChecks() {
        bodyCheck?.cancel()
        bodyCheck = nil
        stallCheck?.cancel()
        stallCheck = nil
    }

    private func scheduleBodyCheck(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        bodyCheck?.cancel()
        bodyCheck = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            bodyCheck = nil
            checkBody(context)
        }
    }

    private func checkBody(_ context: ChannelHandlerContext) {
        guard let requestStarted else { return }
        let earned = TimeAmount.nanoseconds(Int64(min(Double(Int64.max / 2),
                                                      Double(bodyBytes) / Double(minimumBodyRate) * 1_000_000_000)))
        let allowed = requestStarted + bodyTimeout + earned
        if NIODeadline.now() < allowed {
            scheduleBodyCheck(context, at: allowed)
            return
        }
        self.requestStarted = nil
        // Answer 408 only when nothing is being answered on this connection: the request being
        // read is the only one not yet answered and no answer is half written.
        if answersStarted == requestsRead - 1 && answersFinished == answersStarted {
            var fields = SecurityHeadersMiddleware<BasicRequestContext>.headers
            fields[.connection] = "close"
            fields[.contentLength] = "0"
            context.write(wrapOutboundOut(.head(HTTPResponse(status: .requestTimeout, headerFields: fields))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension ConnectionDeadlineHandler: Sendable {}
