import FollowUpClient
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
        try await machine.ok(["note", "add", id, "--kind", "strong-point", "--text", "cut shipping errors by 30% at Northwind"])
        try await machine.ok(["note", "add", id, "--kind", "remark", "--text", "She said the team is moving to Snowflake"])
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
        #expect(message.body.contains("how I cut shipping errors by 30% at Northwind"))
        #expect(message.body.contains("hearing that the team is moving to Snowflake"))
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
