import FollowUpProtocol
import HTTPTypes

extension HTTPField.Name {
    /// The request id a client or proxy may send, returned on every response and in problems.
    static let requestID = valid("X-Request-ID")
    /// A pull page's cursor, repeated in the head (see ``PullResponse/cursorHeader``).
    static let followUpCursor = valid(PullResponse.cursorHeader)
    /// Whether more pages follow, repeated in the head (see ``PullResponse/hasMoreHeader``).
    static let followUpHasMore = valid(PullResponse.hasMoreHeader)
    /// The client addresses a reverse proxy forwards for, the last one added by the proxy itself.
    static let xForwardedFor = valid("X-Forwarded-For")
    /// The scheme a reverse proxy was reached by, for the addresses the server hands out.
    static let xForwardedProto = valid("X-Forwarded-Proto")
    /// Whether another site may show the web page in a frame (never).
    static let xFrameOptions = valid("X-Frame-Options")
    /// How much of the page's address a link to another site carries.
    static let referrerPolicy = valid("Referrer-Policy")

    /// A field name from a literal in this file. `HTTPField.Name` only offers a failable
    /// initializer; these literals are valid tokens (a test checks each), so failing here is a
    /// programming error at startup, never a request's fault.
    private static func valid(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("\(name) is not a valid HTTP field name") }
        return field
    }
}
