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
///   channel turns unwritable; when it stays so for `writeTimeout`, the connection is closed
///   (nginx's `send_timeout`).
/// - **Slow reader**: a client that reads, but slowly (a few bytes now and then, enough to
///   keep the channel turning writable), must take at least `minimumRate` bytes a second of
///   an answer in every `writeTimeout` window that starts when it holds the answer back (the
///   channel turns unwritable); when it still holds data back at the window's end having taken
///   less, the connection is closed. A server that is slow to produce (a
///   job's progress events) never turns the channel unwritable, so it is never blamed on the client.
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
    private let minimumReadRate: Int

    /// When the head of the request still being read arrived; nil once its end came.
    private var requestStarted: NIODeadline?
    private var bodyBytes = 0
    private var requestsRead = 0
    private var answersStarted = 0
    private var answersFinished = 0
    private var bodyCheck: Scheduled<Void>?
    private var stallCheck: Scheduled<Void>?
    /// Answer body bytes handed to the connection so far, and at the start of the window the
    /// slow-reader check is timing (nil: no window, the client has kept up).
    private var answerBytes = 0
    private var windowStartBytes: Int?
    private var rateCheck: Scheduled<Void>?

    init(bodyTimeout: TimeAmount, minimumBodyRate: Int, writeTimeout: TimeAmount, minimumReadRate: Int) {
        self.bodyTimeout = bodyTimeout
        self.minimumBodyRate = max(1, minimumBodyRate)
        self.writeTimeout = writeTimeout
        self.minimumReadRate = max(1, minimumReadRate)
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
        case .body(let buffer): answerBytes += buffer.readableBytes
        case .end: answersFinished += 1
        default: break
        }
        context.write(data, promise: promise)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            stallCheck?.cancel()
            stallCheck = nil
        } else {
            if stallCheck == nil {
                stallCheck = context.eventLoop.assumeIsolated().scheduleTask(in: writeTimeout) { [self] in
                    stallCheck = nil
                    if !context.channel.isWritable { context.close(promise: nil) }
                }
            }
            if windowStartBytes == nil { startRateWindow(context) }
        }
        context.fireChannelWritabilityChanged()
    }

    /// Times one `writeTimeout` window from now, in which the client held an answer back.
    private func startRateWindow(_ context: ChannelHandlerContext) {
        windowStartBytes = answerBytes
        rateCheck = context.eventLoop.assumeIsolated().scheduleTask(in: writeTimeout) { [self] in
            rateCheck = nil
            checkReadRate(context)
        }
    }

    private func checkReadRate(_ context: ChannelHandlerContext) {
        guard let start = windowStartBytes else { return }
        windowStartBytes = nil
        // Writable now: the client has taken what it was sent (an answer that ended in the
        // window, a slow server's events since): nothing is held back, nobody to blame.
        guard !context.channel.isWritable else { return }
        let taken = Double(answerBytes - start)
        let needed = Double(minimumReadRate) * Double(writeTimeout.nanoseconds) / 1_000_000_000
        if taken < needed {
            context.close(promise: nil)
        } else {
            startRateWindow(context)  // still held back: time the next window
        }
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
        rateCheck?.cancel()
        rateCheck = nil
        windowStartBytes = nil
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
