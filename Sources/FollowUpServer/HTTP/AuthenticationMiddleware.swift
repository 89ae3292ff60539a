import FollowUpProtocol
import Hummingbird
import Logging

/// Requires a valid bearer token (and, for admin routes, the admin role) on every route behind it.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let accounts: AccountService
    /// The role every caller must have, or `nil` for any logged-in account.
    var requiredRole: Role?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let identity = try await accounts.authenticate(authorization: request.headers[.authorization])
        if let requiredRole, identity.account.role != requiredRole {
            throw APIError(
                .forbidden,
                detail: "only an \(requiredRole.rawValue) may do this; you are logged in as a \(identity.account.role.rawValue)"
            )
        }
        context.identity = identity
        context.logger[metadataKey: "account"] = .string(identity.account.username)
        return try await next(request, context)
    }
}
