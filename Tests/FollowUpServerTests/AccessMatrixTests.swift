import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import Foundation
import HTTPTypes
import Testing

/// Who may push and pull whose records: every cell of (seeker A, seeker B, assigned counselor,
/// unassigned counselor, reassigned counselor, admin) × (push to A, pull A) is asserted.
@Suite("Access matrix", .timeLimit(.minutes(3)))
struct AccessMatrixTests {
    @Test("push and pull of seeker A's records, by every kind of account")
    func matrix() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let seekerA = try await harness.createAccount("ana", role: .seeker)
        _ = try await harness.createAccount("ben", role: .seeker)
        _ = try await harness.createAccount("carla", role: .counselor)  // assigned to Ana
        _ = try await harness.createAccount("dora", role: .counselor)  // never assigned
        _ = try await harness.createAccount("eli", role: .counselor)  // assigned, then unassigned, then assigned again
        _ = try await harness.createAccount("root", role: .admin)
        try await harness.withServer { api in
            let admin = try await api.login("root")
            let tokens = [
                "ana": try await api.login("ana"), "ben": try await api.login("ben"), "carla": try await api.login("carla"),
                "dora": try await api.login("dora"), "eli": try await api.login("eli"), "root": admin,
            ]
            #expect(try await api.request(.put, "\(Endpoint.adminCounselors)/carla/seekers/ana", token: admin).status == 201)
            #expect(try await api.request(.put, "\(Endpoint.adminCounselors)/eli/seekers/ana", token: admin).status == 201)
            #expect(try await api.request(.delete, "\(Endpoint.adminCounselors)/eli/seekers/ana", token: admin).status == 200)
            #expect(try await api.request(.put, "\(Endpoint.adminCounselors)/eli/seekers/ana", token: admin).status == 201)

            // Each account writes from a device of its own, with its own replica id, as clients do.
            var factories = tokens.mapValues { _ in harness.changeFactory() }
            var anas = factories["ana"] ?? harness.changeFactory()
            let anasRecord = anas.interview(owner: seekerA.id, company: "Ana's own")
            factories["ana"] = anas
            try await api.pushAccepted([anasRecord], token: tokens["ana"] ?? "")

            let expected: [(String, push: Bool, pull: Bool)] = [
                ("ana", true, true), ("ben", false, false), ("carla", true, true), ("dora", false, false), ("eli", true, true),
                ("root", false, false),
            ]
            for (name, mayPush, mayPull) in expected {
                let token = tokens[name] ?? ""
                var factory = factories[name] ?? harness.changeFactory()
                defer { factories[name] = factory }
                // Push: a new record for Ana, and an edit of Ana's existing record.
                let create = factory.interview(owner: seekerA.id, company: "by \(name)")
                let edit = factory.edit(entity: anasRecord.entity, owner: seekerA.id, set: ["position": .string("set by \(name)")])
                let results = try await api.push([create, edit], token: token).decode(PushResponse.self).results
                #expect(results.allSatisfy { $0.status == (mayPush ? .accepted : .rejected) }, "\(name) push")
                if !mayPush {
                    #expect(results.allSatisfy { $0.rejection?.code == Rejection.Code.forbidden }, "\(name) push reason")
                }
                // A guessed id with the pusher as owner must not let anyone take Ana's record either.
                let own = try await api.request(.get, Endpoint.me, token: token).decode(AccountInfo.self)
                let hijack = factory.edit(entity: anasRecord.entity, owner: own.id, set: ["company": "hijacked"])
                let hijacked = try await api.push([hijack], token: token).decode(PushResponse.self).results
                #expect(hijacked.first?.status == (own.id == seekerA.id ? .accepted : .rejected), "\(name) hijack")

                // Pull: does the user see Ana's record?
                let seen = try await api.pullAll(token: token).flatMap(\.entities).contains { $0.id == anasRecord.entity }
                #expect(seen == mayPull, "\(name) pull")
            }
            let state = try #require(try await api.pullAll(token: tokens["ana"] ?? "").flatMap(\.entities).first { $0.id == anasRecord.entity })
            #expect(state.string("company") == "hijacked", "only Ana's own 'hijack' (her record) was accepted")
            #expect(!(state.registers["position"]?.writes.contains { $0.value == "set by ben" } ?? true))
        }
    }

    @Test("a new assignment delivers the seeker's existing records; an ended one tells the client to drop them")
    func assignmentChanges() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker)
        _ = try await harness.createAccount("carla", role: .counselor)
        _ = try await harness.createAccount("root", role: .admin)
        try await harness.withServer { api in
            let admin = try await api.login("root")
            let anaToken = try await api.login("ana")
            let carla = try await api.login("carla")
            var factory = harness.changeFactory()
            let records = (0..<30).map { _ in factory.interview(owner: ana.id) }
            try await api.pushAccepted(records, token: anaToken)

            let before = try await api.pullAll(token: carla)
            #expect(before.flatMap(\.entities).isEmpty)
            let cursor = try #require(before.last?.cursor)

            #expect(try await api.request(.put, "\(Endpoint.adminCounselors)/carla/seekers/ana", token: admin).status == 201)
            let assigned = try await api.pullAll(token: carla, cursor: cursor, limit: 7)
            #expect(Set(assigned.flatMap(\.entities).map(\.id)) == Set(records.map(\.entity)), "existing records arrive at once, across pages")
            #expect(assigned.flatMap(\.entities).count == 30)
            #expect(assigned.last?.people.contains { $0.username == "ana" } == true)

            let afterAssign = try #require(assigned.last?.cursor)
            #expect(try await api.request(.delete, "\(Endpoint.adminCounselors)/carla/seekers/ana", token: admin).status == 200)
            let removed = try await api.pullAll(token: carla, cursor: afterAssign)
            #expect(removed.last?.removedOwners == [ana.id])
            #expect(removed.flatMap(\.entities).isEmpty)
            // Told once: the next pull does not repeat it.
            let later = try await api.pullAll(token: carla, cursor: removed.last?.cursor)
            #expect(later.last?.removedOwners.isEmpty == true)
            // And the counselor can no longer write.
            let results = try await api.push([factory.interview(owner: ana.id)], token: carla).decode(PushResponse.self).results
            #expect(results.first?.status == .rejected)
        }
    }

    @Test("the directory names the people and devices behind each write")
    func directory() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker, displayName: "Ana Ruiz")
        _ = try await harness.createAccount("carla", role: .counselor, displayName: "Carla Diaz")
        _ = try await harness.createAccount("root", role: .admin)
        try await harness.withServer { api in
            let admin = try await api.login("root")
            _ = try await api.request(.put, "\(Endpoint.adminCounselors)/carla/seekers/ana", token: admin)
            let anaToken = try await api.login("ana", device: "ana's laptop")
            let carla = try await api.login("carla", device: "office pc")
            var anasFactory = harness.changeFactory(replica: 0xA)
            var carlasFactory = harness.changeFactory(replica: 0xC)
            let record = anasFactory.interview(owner: ana.id)
            try await api.pushAccepted([record], token: anaToken)
            try await api.pushAccepted([carlasFactory.edit(entity: record.entity, owner: ana.id, set: ["position": "Analyst"])], token: carla)
            let last = try #require(try await api.pullAll(token: anaToken).last)
            #expect(Set(last.people.map(\.displayName)) == ["Ana Ruiz", "Carla Diaz"])
            #expect(last.replicas.contains(ReplicaInfo(replica: ReplicaID(rawValue: 0xA), account: ana.id, device: "ana's laptop")))
            #expect(last.replicas.contains { $0.replica == ReplicaID(rawValue: 0xC) && $0.device == "office pc" })
        }
    }
}
