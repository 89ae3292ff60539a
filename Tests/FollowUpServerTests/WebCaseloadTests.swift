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

/// What a user does on the web page is stamped after everything the page showed them.
@Suite("Web writes merge correctly")
struct WebWriteMergeTests {
    @Test("a device whose clock runs two minutes ahead marks a call attempted; 'mark done' on the web page then wins everywhere")
    func webEditAfterAClockAhead() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker, displayName: "Ana Ruiz")
        _ = try await harness.createAccount("carla", role: .counselor, displayName: "Carla Diaz")
        _ = try await harness.createAccount("root", role: .admin)
        let clock = harness.clock
        var ahead = ChangeFactory(replica: 0xA4EAD, wall: { clock.millis + 120_000 })
        let interview = ahead.interview(owner: ana.id)
        let call = UUID()
        let planned = ahead.edit(
            .followUp,
            entity: call,
            owner: ana.id,
            set: ["interview": .string(interview.entity.lowercased), "kind": "call", "earliest": "2020-01-01", "latest": "2020-01-03"]
        )
        let attempted = ahead.edit(.followUp, entity: call, owner: ana.id, set: ["status": "attempted", "outcome": "voicemail"])
        try await harness.withServer { api in
            let admin = try await api.login("root")
            #expect(try await api.request(.put, "\(Endpoint.adminCounselors)/carla/seekers/ana", token: admin).status == 201)
            try await api.pushAccepted([interview, planned, attempted], token: try await api.login("ana", replica: ReplicaID(rawValue: 0xA4EAD)))

            let session: HTTPFields = [.cookie: "followup_session=\(try await api.login("carla"))"]
            let page = try await api.request(.get, "/web/seekers/\(ana.id.lowercased)", headers: session).text
            let csrf = try #require(page.components(separatedBy: "name=\"csrf\" value=\"").dropFirst().first?.prefix { $0 != "\"" })
            var form = session
            form[.contentType] = "application/x-www-form-urlencoded"
            let done = try await api.request(
                .post,
                "/web/follow-ups/\(call.lowercased)",
                body: Data("csrf=\(csrf)&status=done&note=reached+her".utf8),
                headers: form
            )
            // The client follows the page's redirect to the timeline, which says it was saved.
            #expect(done.text.contains("The follow-up was updated."), "\(done.status): \(done.text.prefix(300))")

            let state = try #require(try await api.pullAll(token: try await api.login("ana")).flatMap(\.entities).first { $0.id == call })
            #expect(state.string("status") == "done", "the web page's later edit wins: \(state.string("status") ?? "nil")")
            #expect(state.string("outcome") == "reached her")
            let status = try #require(state.registers["status"])
            let replaced = try #require(status.writes.first { $0.value == "attempted" })
            #expect(!status.replacedConcurrently(replaced), "she saw the device's edit: hers replaced it, not concurrently")
        }
    }
}

/// The web page's headers, as a careful web application sends them.
@Suite("Web page security headers")
struct WebSecurityHeaderTests {
    @Test("every page forbids framing and scripts; cookies are Secure when the proxy says the browser came over HTTPS")
    func headersAndSecureCookies() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        try await harness.withServer { api in
            let plain = try await api.request(.get, "/web/login")
            #expect(plain.status == 200)
            #expect(plain.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(plain.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(plain.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            #expect(plain.headers[.xContentTypeOptions] == "nosniff")
            let cookie = try #require(plain.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && !cookie.contains("Secure"), "plain HTTP on loopback: \(cookie)")

            // Behind the shipped nginx, which says the browser came over HTTPS.
            let proxied = try await api.request(.get, "/web/login", headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(try #require(proxied.headers[.setCookie]).hasSuffix("; Secure"), "\(proxied.headers)")
            let form = try await api.request(.post, "/web/login", body: Data("csrf=forged&username=x&password=y".utf8))
            #expect(form.status == 403 && form.headers[.contentSecurityPolicy] != nil, "refusals carry the policy too")
        }
    }
}
