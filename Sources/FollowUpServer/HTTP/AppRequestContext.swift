import FollowUpProtocol
import Hummingbird
import Logging
import NIOCore

/// The per-request context: Hummingbird's core plus who is asking (once authenticated).
struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer of the connection: the client, or the reverse proxy in front of the server.
    let remoteAddress: SocketAddress?
    /// Set by ``AuthenticationMiddleware`` on routes that need a login.
    var identity: Identity?
    /// The id logged with the request and returned in `X-Request-ID` and in problems.
    var requestID: String = ""

    init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The authenticated caller; routes behind ``AuthenticationMiddleware`` always have one.
    func caller() throws -> Identity {
        guard let identity else { throw APIError(.unauthorized, detail: "log in first: send Authorization: Bearer <token>") }
        return identity
    }
}
