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

    @Test("a device sends on the writes of another device of its own account (a moved backup), never of another account's")
    func relayOfOwnDevices() async throws {
        try await ServerHarness.withAdmin(and: [("ana", .seeker), ("carla", .counselor)]) { harness, api, admin, accounts in
            let ana = try #require(accounts["ana"])
            #expect(try await api.request(.put, "\(Endpoint.adminCounselors)/carla/seekers/ana", token: admin).status == 201)
            // The old laptop synced one interview and made another offline; the new desktop sends
            // both on, stamped by the laptop, as `followup import` does with the laptop's backup.
            let laptopToken = try await api.login("ana", device: "laptop", replica: ReplicaID(rawValue: 0x1A))
            var laptop = harness.changeFactory(replica: 0x1A)
            let synced = laptop.interview(owner: ana.id, company: "Synced Co")
            try await api.pushAccepted([synced], token: laptopToken)
            let offline = laptop.interview(owner: ana.id, company: "Offline Co")
            let desktopToken = try await api.login("ana", device: "desktop", replica: ReplicaID(rawValue: 0xDE))
            let relayed = try await api.push([synced, offline], token: desktopToken).decode(PushResponse.self).results
            #expect(relayed.map(\.status) == [.accepted, .accepted], "\(relayed)")

            // The same writes under new change ids (rebuilt from a backup): the one the server holds
            // takes no new number, the new one does.
            let before = try await api.pullAll(token: laptopToken).last?.cursor
            let rebuiltSynced = Change(id: UUID(), type: synced.type, entity: synced.entity, owner: ana.id, at: synced.at, set: synced.set)
            let again = try await api.push([rebuiltSynced], token: desktopToken).decode(PushResponse.self).results
            #expect(again.first?.status == .accepted && again.first?.duplicate == true, "\(again)")
            let afterPage = try await api.pull(token: laptopToken, cursor: before).page()
            #expect(afterPage.entities.isEmpty, "a write the server held reached another device again: \(afterPage.entities.map(\.id))")

            // Carla's device may not send Ana's laptop's writes that the server lacks …
            let carlaToken = try await api.login("carla", device: "office")
            let forged = laptop.edit(entity: synced.entity, owner: ana.id, set: ["company": "Forged Inc."])
            let refused = try await api.push([forged], token: carlaToken).decode(PushResponse.self).results
            #expect(refused.first?.rejection?.code == Rejection.Code.forbidden && refused.first?.rejection?.field == "at", "\(refused)")
            // … and Ana's desktop may not send Carla's, unless the record already holds them.
            var office = harness.changeFactory(replica: 0xCA41)
            let comment = office.edit(entity: synced.entity, owner: ana.id, set: ["position": "Planner"])
            try await api.pushAccepted([comment], token: carlaToken)
            let copy = Change(id: UUID(), type: comment.type, entity: comment.entity, owner: ana.id, at: comment.at, set: comment.set)
            let held = try await api.push([copy], token: desktopToken).decode(PushResponse.self).results
            #expect(held.first?.status == .accepted && held.first?.duplicate == true, "\(held)")
            let notHeld = office.edit(entity: synced.entity, owner: ana.id, set: ["position": "Forged"])
            let refusedAgain = try await api.push([notHeld], token: desktopToken).decode(PushResponse.self).results
            #expect(refusedAgain.first?.rejection?.code == Rejection.Code.forbidden, "\(refusedAgain)")

            let state = try #require(try await api.pullAll(token: laptopToken).flatMap(\.entities).first { $0.id == synced.entity })
            #expect(state.string("company") == "Synced Co" && state.string("position") == "Planner")
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
