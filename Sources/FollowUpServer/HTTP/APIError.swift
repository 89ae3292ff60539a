public import FollowUpProtocol
import Foundation
import Hummingbird

/// An error the API reports to the client as an RFC 9457 problem, with a message the user can act on.
///
/// Everything a handler throws ends up as one of these (see ``ProblemMiddleware``): a client never
/// sees a stack trace or an internal error's text, only a problem and a request id to quote.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var type: ProblemType
    public var detail: String
    var field: String?
    var retryAfter: Int?

    init(_ type: ProblemType, detail: String, field: String? = nil, retryAfter: Int? = nil) {
        self.type = type
        self.detail = detail
        self.field = field
        self.retryAfter = retryAfter
    }

    var status: HTTPResponse.Status { HTTPResponse.Status(code: type.status) }

    public var description: String { detail }

    func problem(requestID: String?) -> Problem {
        Problem(type: type, detail: detail, field: field, requestId: requestID, retryAfter: retryAfter)
    }

    /// The problem as a response.
    func response(requestID: String?) -> Response {
        var headers: HTTPFields = [.contentType: Problem.mediaType]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        let body = (try? WireCoding.encode(problem(requestID: requestID))) ?? Data(#"{"title":"error"}"#.utf8)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
