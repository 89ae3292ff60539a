import FollowUpClient
import FollowUpCore
import FollowUpTestSupport
import Foundation
import Testing

/// `followup draft ID --eml` and `--mailto`, read back by Python's standard mail and URL parsers.
@Suite("The thank-you as an email message")
struct ThankYouEmailTests {
    static func interview(on machine: Machine) async throws -> String {
        try await machine.ok(["config", "name", "Jordan Lee"])
        try await machine.ok(["config", "email", "jordan@example.com"])
        let added = try await machine.ok([
            "interview", "add", "--company", "Contoso Café", "--position", "Data analyst", "--date", "2026-11-20", "--interviewer", "Ms. Ana Ruiz",
        ])
        let id = try #require(Machine.addedID(added))
        let detail = try await machine.json(["interview", "show", id], as: InterviewJSON.self)
        let ana = try #require(detail.interviewers.first?.id)
        try await machine.ok(["interviewer", "edit", ana, "--email", "ana.ruiz@contoso.example"])
        try await machine.ok(["note", "add", id, "--kind", "strong-point", "--for-letter", "--text", "I cut shipping errors by 30% at Northwind."])
        try await machine.ok(["note", "add", id, "--kind", "remark", "--for-letter", "--text", "the team's move to Snowflake"])
        return id
    }

    @Test("the .eml file is an RFC 5322 message a mail library reads: From, To, a UTF-8 subject and body, a date")
    func eml() async throws {
        let deployment = try await Deployment.start(accounts: [("jordan", "seeker")])
        defer { Task { try? await deployment.stop() } }
        let machine = deployment.machine("laptop")
        try await machine.login(deployment.server, as: "jordan")
        let id = try await Self.interview(on: machine)
        let file = deployment.directory.appendingPathComponent("thank-you.eml").path
        let wrote = try await machine.run(["draft", id, "--eml", "--output", file])
        #expect(wrote.status == 0, "\(wrote.error)")
        let raw = try String(contentsOfFile: file, encoding: .utf8)
        #expect(raw.contains("\r\n") && raw.split(separator: "\r\n", omittingEmptySubsequences: false).allSatisfy { $0.utf8.count <= 998 })
        let script = """
            import email, email.policy, json, sys
            message = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
            who = lambda header: [header.addresses[0].display_name, header.addresses[0].addr_spec]
            print(json.dumps({"from": who(message["From"]), "to": who(message["To"]), "subject": str(message["Subject"]),
                "date": str(message["Date"]), "type": message.get_content_type(), "charset": message.get_content_charset(),
                "body": message.get_content(), "defects": [str(d) for d in message.defects]}))
            """
        let parsed = try await ChildProcess.run(path: URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, file])
        #expect(parsed.status == 0, "\(parsed.error)")
        struct Parsed: Decodable {
            var from: [String]
            var to: [String]
            var subject: String
            var date: String
            var type: String
            var charset: String
            var body: String
            var defects: [String]
        }
        let message = try JSONDecoder().decode(Parsed.self, from: Data(parsed.output.utf8))
        #expect(message.defects.isEmpty, "\(message.defects)")
        #expect(message.from == ["Jordan Lee", "jordan@example.com"])
        #expect(message.to == ["Ms. Ana Ruiz", "ana.ruiz@contoso.example"])
        #expect(message.subject == "Thank you — Data analyst, Contoso Café")
        #expect(message.type == "text/plain" && message.charset == "utf-8")
        #expect(!message.date.isEmpty)
        #expect(message.body.hasPrefix("Dear Ms. Ruiz,\n"))
        #expect(message.body.contains("I cut shipping errors by 30% at Northwind."))
        #expect(message.body.contains("I especially enjoyed hearing about the team's move to Snowflake."))
        #expect(message.body.contains("Contoso Café") && message.body.hasSuffix("Jordan Lee\n"))
    }

    @Test("--mailto prints a link whose address, subject and body a URL parser reads back")
    func mailto() async throws {
        let deployment = try await Deployment.start(accounts: [("jordan", "seeker")])
        defer { Task { try? await deployment.stop() } }
        let machine = deployment.machine("laptop")
        try await machine.login(deployment.server, as: "jordan")
        let id = try await Self.interview(on: machine)
        let link = try await machine.ok(["draft", id, "--mailto"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(link.hasPrefix("mailto:ana.ruiz@contoso.example?subject="))
        #expect(!link.contains(" ") && !link.contains("\n"))
        let script = """
            import json, sys, urllib.parse
            parts = urllib.parse.urlsplit(sys.argv[1])
            query = urllib.parse.parse_qs(parts.query)
            print(json.dumps({"to": urllib.parse.unquote(parts.path), "subject": query["subject"][0], "body": query["body"][0]}))
            """
        let parsed = try await ChildProcess.run(path: URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, link])
        #expect(parsed.status == 0, "\(parsed.error)")
        let fields = try JSONDecoder().decode([String: String].self, from: Data(parsed.output.utf8))
        #expect(fields["to"] == "ana.ruiz@contoso.example")
        #expect(fields["subject"] == "Thank you — Data analyst, Contoso Café")
        #expect(fields["body"]?.hasPrefix("Dear Ms. Ruiz,\r\n") == true)
    }

    @Test("--eml with --letter is refused; without the interviewer's email the draft warns")
    func refusalsAndWarnings() async throws {
        let deployment = try await Deployment.start(accounts: [("jordan", "seeker")])
        defer { Task { try? await deployment.stop() } }
        let machine = deployment.machine("laptop")
        try await machine.login(deployment.server, as: "jordan")
        let added = try await machine.ok(["interview", "add", "--company", "Acme", "--interviewer", "Sam Lee"])
        let id = try #require(Machine.addedID(added))
        let both = try await machine.run(["draft", id, "--eml", "--letter"])
        #expect(both.status != 0 && both.error.contains("leave out --letter"), "\(both.error)")
        let drafted = try await machine.run(["draft", id, "--eml"])
        #expect(drafted.status == 0)
        #expect(drafted.error.contains("email address is not noted"), "\(drafted.error)")
        #expect(drafted.error.contains("your name is not set"), "\(drafted.error)")
        #expect(!drafted.output.contains("\r\nTo:"), "no To without an address")
    }
}

/// An address with a line break never becomes a header of its writer's choosing.
@Suite("Email addresses in drafts")
struct EmailAddressInDraftTests {
    @Test("the CLI refuses an address with a line break; an address stored by an old client is left out of the .eml")
    func headerInjection() async throws {
        let deployment = try await Deployment.start(accounts: [("jordan", "seeker")])
        defer { Task { try? await deployment.stop() } }
        let machine = deployment.machine("laptop")
        try await machine.login(deployment.server, as: "jordan")
        let id = try await ThankYouEmailTests.interview(on: machine)
        let detail = try await machine.json(["interview", "show", id], as: InterviewJSON.self)
        let ana = try #require(detail.interviewers.first?.id)
        let injected = "bob@example.org\r\nBcc: victim@example.net\r\nX-Injected: 1"
        let refused = try await machine.run(["interviewer", "edit", ana, "--email", injected])
        #expect(refused.status == 11 && refused.error.contains("email"), "\(refused.error)")
        #expect(try await machine.run(["config", "email", "me@example.com\nBcc: x@example.net"]).status == 11)

    }

    @Test("an address stored before the checks (an old client, a counselor's tool) is left out of the .eml and the mailto: link")
    func storedInjectedAddress() throws {
        let owner = UUID()
        let at = Timestamp(millis: 1_795_186_800_000, counter: 0, replica: ReplicaID(rawValue: 7))
        var person = EntityState(type: .interviewer, id: UUID(), owner: owner)
        let injected = "bob@example.org\r\nBcc: victim@example.net\r\nX-Injected: 1"
        try person.apply(
            Change(id: UUID(), type: .interviewer, entity: person.id, owner: owner, at: at, set: ["name": "Bob Ng", "email": .string(injected)])
        )
        var meeting = EntityState(type: .interview, id: UUID(), owner: owner)
        try meeting.apply(
            Change(id: UUID(), type: .interview, entity: meeting.id, owner: owner, at: at, set: ["company": "Acme", "position": "Analyst"])
        )
        let recipient = try #require(Interviewer(person))
        let sender = Sender(name: "Jordan Lee", email: "jordan@example.com\r\nBcc: other@example.net")
        let draft = ThankYouComposer.compose(
            interview: try #require(Interview(meeting)),
            recipient: recipient,
            notes: [],
            sender: sender,
            channel: .email,
            date: try #require(LocalDate(year: 2026, month: 11, day: 20))
        )
        #expect(draft.warnings.contains(ThankYouDraft.Warning.noRecipientEmail), "an unusable address is reported as missing")
        let email = ThankYouEmail(draft: draft, sender: sender, recipient: recipient)
        let message = email.eml(date: Date(timeIntervalSince1970: 1_795_186_800))
        let headers = message.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(
            !headers.contains { $0.hasPrefix("Bcc:") || $0.hasPrefix("X-Injected:") || $0.hasPrefix("To:") || $0.hasPrefix("From:") },
            "\(headers)"
        )
        #expect(!email.mailto.contains("Bcc") && email.mailto.hasPrefix("mailto:?subject="), "\(email.mailto)")
    }
}
