import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import Foundation
import HTTPTypes
import Testing

@Suite("Administration over HTTP")
struct AdminTests {
    @Test("an admin creates, lists, renames and disables accounts")
    func accounts() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("root", role: .admin)
        try await harness.withServer { api in
            let admin = try await api.login("root")
            let created = try await api.request(
                .post,
                Endpoint.adminAccounts,
                token: admin,
                json: CreateAccountRequest(username: "Carla", password: "a long password", role: .counselor, displayName: "Carla Diaz")
            )
            #expect(created.status == 201)
            #expect(try created.decode(AccountInfo.self).username == "carla")

            let duplicate = try await api.request(
                .post,
                Endpoint.adminAccounts,
                token: admin,
                json: CreateAccountRequest(username: "carla", password: "another password", role: .seeker)
            )
            #expect(duplicate.status == 409)
            #expect(duplicate.problem?.kind == .conflict)

            let badDevice = try await api.request(.delete, "\(Endpoint.adminAccounts)/carla/devices/not-a-uuid", token: admin)
            #expect(badDevice.status == 422 && badDevice.problem?.field == "id", "\(badDevice.text)")

            let badName = try await api.request(
                .post,
                Endpoint.adminAccounts,
                token: admin,
                json: CreateAccountRequest(username: "bad name!", password: "long enough", role: .seeker)
            )
            #expect(badName.status == 422)
            #expect(badName.problem?.field == "username")

            let shortPassword = try await api.request(
                .post,
                Endpoint.adminAccounts,
                token: admin,
                json: CreateAccountRequest(username: "dan", password: "short", role: .seeker)
            )
            #expect(shortPassword.problem?.field == "password")

            let badRole = try await api.request(
                .post,
                Endpoint.adminAccounts,
                token: admin,
                body: Data(#"{"username":"dan","password":"long enough","role":"superuser"}"#.utf8)
            )
            #expect(badRole.status == 422)

            let renamed = try await api.request(
                .patch,
                "\(Endpoint.adminAccounts)/carla",
                token: admin,
                json: UpdateAccountRequest(displayName: "Carla D.")
            )
            #expect(try renamed.decode(AccountInfo.self).displayName == "Carla D.")

            let list = try await api.request(.get, Endpoint.adminAccounts, token: admin).decode(AccountList.self)
            #expect(list.accounts.map(\.username) == ["carla", "root"])
            #expect(try await api.request(.get, "\(Endpoint.adminAccounts)/nobody", token: admin).status == 404)
        }
    }

    @Test("a password change takes effect at the next login")
    func setPassword() async throws {
        try await ServerHarness.withAdmin { _, api, admin, _ in
            #expect(
                try await api.request(.patch, "\(Endpoint.adminAccounts)/ana", token: admin, json: UpdateAccountRequest(password: "brand new secret"))
                    .status == 200
            )
            let old = try await api.request(.post, Endpoint.login, json: LoginRequest(username: "ana", password: ServerHarness.password, device: "x"))
            #expect(old.status == 401)
            let new = try await api.request(.post, Endpoint.login, json: LoginRequest(username: "ana", password: "brand new secret", device: "x"))
            #expect(new.status == 201)
        }
    }

    @Test("caseloads: assign, list, unassign; wrong roles and unknown names are refused")
    func caseloads() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("root", role: .admin)
        _ = try await harness.createAccount("carla", role: .counselor)
        _ = try await harness.createAccount("ana", role: .seeker)
        _ = try await harness.createAccount("ben", role: .seeker)
        try await harness.withServer { api in
            let admin = try await api.login("root")
            let path = "\(Endpoint.adminCounselors)/carla/seekers"
            #expect(try await api.request(.put, "\(path)/ana", token: admin).status == 201)
            #expect(try await api.request(.put, "\(path)/ana", token: admin).status == 200, "assigning twice changes nothing")
            #expect(try await api.request(.put, "\(path)/ben", token: admin).status == 201)
            let caseload = try await api.request(.get, path, token: admin).decode(Caseload.self)
            #expect(caseload.seekers.map(\.username) == ["ana", "ben"])
            #expect(try await api.request(.delete, "\(path)/ben", token: admin).decode(Caseload.self).seekers.map(\.username) == ["ana"])
            #expect(try await api.request(.delete, "\(path)/ben", token: admin).status == 404)
            #expect(try await api.request(.put, "\(Endpoint.adminCounselors)/ana/seekers/ben", token: admin).status == 422)
            #expect(try await api.request(.put, "\(path)/root", token: admin).status == 422)
            #expect(try await api.request(.put, "\(path)/nobody", token: admin).status == 404)
        }
    }

    @Test("admin endpoints refuse counselors and seekers")
    func adminOnly() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        _ = try await harness.createAccount("carla", role: .counselor)
        _ = try await harness.createAccount("ana", role: .seeker)
        try await harness.withServer { api in
            for name in ["carla", "ana"] {
                let token = try await api.login(name)
                let reply = try await api.request(.get, Endpoint.adminAccounts, token: token)
                #expect(reply.status == 403)
                #expect(reply.problem?.kind == .forbidden)
                let create = try await api.request(
                    .post,
                    Endpoint.adminAccounts,
                    token: token,
                    json: CreateAccountRequest(username: "eve", password: "long enough", role: .admin)
                )
                #expect(create.status == 403)
            }
            #expect(try await api.request(.get, Endpoint.adminAccounts).status == 401)
        }
    }
}
