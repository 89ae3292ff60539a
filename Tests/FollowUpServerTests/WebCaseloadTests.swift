import FollowUpCore
import FollowUpProtocol
import Foundation
import HTTPTypes
import Testing

/// The caseload page's counts, kept between requests, follow the records as they change.
@Suite("The web caseload's counts")
struct WebCaseloadTests {
    @Test("a follow-up marked done on a device leaves the overdue count at the counselor's next page; a new seeker appears")
    func countsFollowChanges() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker, displayName: "Ana Ruiz")
        _ = try await harness.createAccount("dan", role: .seeker, displayName: "Dan Wu")
        _ = try await harness.createAccount("carla", role: .counselor)
        _ = try await harness.createAccount("root", role: .admin)
        try await harness.withServer { api in
            let admin = try await api.login("root")
            #expect(try await api.request(.put, "\(Endpoint.adminCounselors)/carla/seekers/ana", token: admin).status == 201)
            let seeker = try await api.login("ana")
            var factory = harness.changeFactory()
            let interview = factory.interview(owner: ana.id)
            let followUp = UUID()
            try await api.pushAccepted(
                [
                    interview,
                    factory.edit(
                        .followUp,
                        entity: followUp,
                        owner: ana.id,
                        set: ["interview": .string(interview.entity.lowercased), "kind": "call", "earliest": "2020-01-01", "latest": "2020-01-03"]
                    ),
                ],
                token: seeker
            )
            let cookie: HTTPFields = [.cookie: "followup_session=\(try await api.login("carla"))"]
            let first = try await api.request(.get, "/web/caseload", headers: cookie).text
            #expect(first.contains("1 overdue") && first.contains("Ana Ruiz"), "\(first)")
            #expect(!first.contains("Dan Wu"))

            try await api.pushAccepted([factory.edit(.followUp, entity: followUp, owner: ana.id, set: ["status": "done"])], token: seeker)
            #expect(try await api.request(.put, "\(Endpoint.adminCounselors)/carla/seekers/dan", token: admin).status == 201)
            let second = try await api.request(.get, "/web/caseload", headers: cookie).text
            #expect(second.contains("nothing overdue") && !second.contains("1 overdue"), "\(second)")
            #expect(second.contains("Dan Wu"))
        }
    }
}
