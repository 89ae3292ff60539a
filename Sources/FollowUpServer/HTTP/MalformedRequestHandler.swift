import FollowUpProtocol
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request NIO's HTTP parser refuses (a URL or headers over the decoder's limits, a
/// malformed request line) with a problem document, where Hummingbird would send an empty 400, and
/// closes the connection: the client learns what was wrong in the same form as every other error.
final class MalformedRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    /// Requests pass through untouched; only the parser's errors are handled here.
    typealias InboundIn = NIOAny
    typealias OutboundOut = HTTPResponsePart

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else { return context.fireErrorCaught(error) }
        let problem: Problem =
            switch parserError {
            case .headerOverflow:
                Problem(type: .headersTooLarge, detail: "the request line or its headers are larger than this server accepts (80 KiB)")
            default:
                Problem(type: .invalidHTTP, detail: "the request is not valid HTTP/1.1 (\(parserError))")
            }
        // A problem that cannot be encoded leaves the error to Hummingbird, which answers 400.
        guard let encoded = try? WireCoding.encode(problem) else { return context.fireErrorCaught(error) }
        let body = ByteBuffer(bytes: encoded)
        let head = HTTPResponse(
            status: .init(code: problem.status),
            headerFields: [.contentType: Problem.mediaType, .contentLength: String(body.readableBytes), .connection: "close"]
        )
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        // The completion runs on the channel's event loop, where the context may be used.
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in boundContext.value.close(promise: nil) }
    }
}
