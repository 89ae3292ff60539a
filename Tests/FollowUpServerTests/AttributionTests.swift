import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import Foundation
import HTTPTypes
import Testing

/// Every write carries the replica id of the device that made it, and history shows that device as
/// its author: no one may push a change stamped with a replica id that is not theirs.
@Suite("Who wrote it: replica ids bound to devices")
struct AttributionTests {
    @Test("a change stamped with a replica id of another account is refused, and the record keeps its real author")
    func otherAccountsReplica() async throws {
        try await ServerHarness.withAdmin(and: [("ana", .seeker), ("carla", .counselor)]) { harness, api, admin, accounts in
            let ana = try #require(accounts["ana"])
            #expect(try await api.request(.put, "\(Endpoint.adminCounselors)/carla/seekers/ana", token: admin).status == 201)
            let anaToken = try await api.login("ana", device: "laptop")
            let carla = try await api.login("carla", device: "office")
            var laptop = harness.changeFactory(replica: 0xA11A)
            let record = laptop.interview(owner: ana.id, company: "Acme")
            try await api.pushAccepted([record], token: anaToken)

            // Carla may edit Ana's records, but not in the name of Ana's laptop.
            var forged = harness.changeFactory(replica: 0xA11A)
            forged.clock = laptop.clock
            let forgery = forged.edit(entity: record.entity, owner: ana.id, set: ["company": "Forged Inc."])
            let refused = try await api.push([forgery], token: carla).decode(PushResponse.self).results
            #expect(refused.first?.status == .rejected && refused.first?.rejection?.code == Rejection.Code.forbidden, "\(refused)")
            #expect(refused.first?.rejection?.field == "at")
            var office = harness.changeFactory(replica: 0xCA41)
            try await api.pushAccepted([office.edit(entity: record.entity, owner: ana.id, set: ["position": "Planner"])], token: carla)

            let page = try await api.pullAll(token: anaToken)
            let state = try #require(page.flatMap(\.entities).first)
            #expect(state.string("company") == "Acme" && state.string("position") == "Planner")
            let replicas = page.flatMap(\.replicas)
            #expect(replicas.first { $0.replica == ReplicaID(rawValue: 0xA11A) }?.device == "laptop")
            #expect(replicas.first { $0.replica == ReplicaID(rawValue: 0xCA41) }?.device == "office")
        }
    }

    @Test("a login made for a replica accepts only changes stamped with that replica")
    func loginForAReplica() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker)
        try await harness.withServer { api in
            let laptopToken = try await api.login("ana", device: "laptop", replica: ReplicaID(rawValue: 0x1A))
            var laptop = harness.changeFactory(replica: 0x1A)
            var desktop = harness.changeFactory(replica: 0xDE)
            try await api.pushAccepted([laptop.interview(owner: ana.id)], token: laptopToken)
            let results = try await api.push([desktop.interview(owner: ana.id)], token: laptopToken).decode(PushResponse.self).results
            #expect(results.first?.rejection?.code == Rejection.Code.forbidden, "\(results)")
            #expect(results.first?.rejection?.message.contains("000000000000001a") == true, "\(results)")
            // The desktop, logged in for its own replica, writes as itself.
            let desktopToken = try await api.login("ana", device: "desktop", replica: ReplicaID(rawValue: 0xDE))
            try await api.pushAccepted([desktop.interview(owner: ana.id)], token: desktopToken)
        }
    }

    @Test("logging in for a replica id that writes for another account is refused with 409")
    func loginForAnotherAccountsReplica() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker)
        _ = try await harness.createAccount("ben", role: .seeker)
        try await harness.withServer { api in
            var laptop = harness.changeFactory(replica: 0xA11A)
            try await api.pushAccepted([laptop.interview(owner: ana.id)], token: try await api.login("ana"))
            let login = LoginRequest(username: "ben", password: ServerHarness.password, device: "x", replica: ReplicaID(rawValue: 0xA11A))
            let reply = try await api.request(.post, Endpoint.login, json: login)
            #expect(reply.status == 409)
            #expect(reply.problem?.field == "replica", "\(reply.text)")
            let malformed = try await api.request(
                .post,
                Endpoint.login,
                body: Data(#"{"username": "ben", "password": "x", "device": "x", "replica": "not hex"}"#.utf8)
            )
            #expect(malformed.status == 422 && malformed.problem?.field == "replica", "\(malformed.text)")
        }
    }
}
