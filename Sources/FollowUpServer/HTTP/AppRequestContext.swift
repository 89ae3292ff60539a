import FollowUpProtocol
import Hummingbird
import Logging

/// The per-request context: Hummingbird's core plus who is asking (once authenticated).
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by ``AuthenticationMiddleware`` on routes that need a login.
    var identity: Identity?
    /// The id logged with the request and returned in `X-Request-ID` and in problems.
    var requestID: String = ""

    init(source: Source) {
        coreContext = .init(source: source)
    }

    /// The authenticated caller; routes behind ``AuthenticationMiddleware`` always have one.
    func caller() throws -> Identity {
        guard let identity else { throw APIError(.unauthorized, detail: "log in first: send Authorization: Bearer <token>") }
        return identity
    }
}
