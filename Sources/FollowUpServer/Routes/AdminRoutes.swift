import FollowUpProtocol
import Foundation
import Hummingbird

/// `/v1/admin/…`: accounts, their devices and counselors' caseloads. Admins only.
struct AdminRoutes {
    let accounts: AccountService
    let bodies: JSONBodyReader

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("accounts") { request, _ in
            try JSONResponse.make(try await accounts.accounts(), for: request)
        }
        group.post("accounts") { request, _ in
            let create = try await bodies.decode(CreateAccountRequest.self, from: request)
            return try JSONResponse.make(try await accounts.createAccount(create), status: .created, for: request)
        }
        group.get("accounts/:username") { request, context in
            try JSONResponse.make(try await accounts.account(try context.parameters.require("username")), for: request)
        }
        group.patch("accounts/:username") { request, context in
            let update = try await bodies.decode(UpdateAccountRequest.self, from: request)
            return try JSONResponse.make(try await accounts.updateAccount(try context.parameters.require("username"), update), for: request)
        }
        group.get("accounts/:username/devices") { request, context in
            try JSONResponse.make(try await accounts.devices(ofAccount: try context.parameters.require("username")), for: request)
        }
        group.delete("accounts/:username/devices/:id") { _, context in
            let id = try AccountRoutes.uuid(context.parameters.get("id"), name: "id")
            try await accounts.revokeDevice(id, ofAccount: try context.parameters.require("username"))
            return JSONResponse.noContent()
        }
        group.get("counselors/:username/seekers") { request, context in
            try JSONResponse.make(try await accounts.caseload(of: try context.parameters.require("username")), for: request)
        }
        group.put("counselors/:username/seekers/:seeker") { request, context in
            let (caseload, changed) = try await accounts.assign(
                seeker: try context.parameters.require("seeker"),
                to: try context.parameters.require("username")
            )
            return try JSONResponse.make(caseload, status: changed ? .created : .ok, for: request)
        }
        group.delete("counselors/:username/seekers/:seeker") { request, context in
            let (caseload, changed) = try await accounts.unassign(
                seeker: try context.parameters.require("seeker"),
                from: try context.parameters.require("username")
            )
            guard changed else {
                throw APIError(.notFound, detail: "\(caseload.counselor.username) has no such seeker in their caseload")
            }
            return try JSONResponse.make(caseload, for: request)
        }
    }
}
