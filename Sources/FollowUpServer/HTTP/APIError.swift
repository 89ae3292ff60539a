public import FollowUpProtocol
import Foundation
public import Hummingbird
import NIOCore

/// An error the API reports to the client as an RFC 9457 problem, with a message the user can act on.
///
/// Handlers throw it and Hummingbird renders it (``HTTPResponseError``). ``ProblemMiddleware`` turns
/// every other error into one of these first, so a client never sees a stack trace or an internal
/// error's text, only a problem and a request id to quote.
public struct APIError: HTTPResponseError, Sendable, CustomStringConvertible {
    public var type: ProblemType
    public var detail: String
    var field: String?
    var retryAfter: Int?
    /// The methods the path accepts, for a `405` answer's `Allow` header.
    var allow: String?
    /// The request's id, set by ``ProblemMiddleware`` on its way out.
    var requestID: String?

    init(_ type: ProblemType, detail: String, field: String? = nil, retryAfter: Int? = nil, allow: String? = nil) {
        self.type = type
        self.detail = detail
        self.field = field
        self.retryAfter = retryAfter
        self.allow = allow
    }

    public var status: HTTPResponse.Status { HTTPResponse.Status(code: type.status) }

    public var description: String { detail }

    var problem: Problem {
        Problem(type: type, detail: detail, field: field, requestId: requestID, retryAfter: retryAfter)
    }

    /// The problem document, with `Retry-After`, `Allow` and `X-Request-ID` where they apply.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: Problem.mediaType]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if let allow { headers[.allow] = allow }
        if let requestID { headers[.requestID] = requestID }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try WireCoding.encode(problem))))
    }
}
