import FollowUpProtocol
import Foundation
import Hummingbird

/// Logging in and out, and a user's own account and devices.
struct AccountRoutes {
    let accounts: AccountService
    let bodies: JSONBodyReader

    /// `POST /v1/login`, the one route under `/v1` that needs no token.
    func registerPublic(on group: RouterGroup<AppRequestContext>) {
        group.post("login") { request, context in
            let login = try await bodies.decode(LoginRequest.self, from: request)
            let response = try await accounts.login(login, from: ClientAddress.of(request, context: context))
            return try JSONResponse.make(response, status: .created, for: request)
        }
    }

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post("logout") { _, context in
            try await accounts.logout(try context.caller())
            return JSONResponse.noContent()
        }
        group.get("me") { request, context in
            try JSONResponse.make(try context.caller().account, for: request)
        }
        group.get("devices") { request, context in
            try JSONResponse.make(try await accounts.devices(of: try context.caller()), for: request)
        }
        group.delete("devices/:id") { _, context in
            try await accounts.revokeDevice(try Self.uuid(context.parameters.get("id"), name: "id"), of: try context.caller())
            return JSONResponse.noContent()
        }
    }

    static func uuid(_ text: String?, name: String) throws -> UUID {
        guard let text, let id = UUID(uuidString: text) else {
            throw APIError(.invalidRequest, detail: "\(name) must be a UUID like 7d444840-9dc0-11d1-b245-5ffdce74fad2", field: name)
        }
        return id
    }
}
