import FollowUpClient
import FollowUpCore
import FollowUpTestSupport
import Foundation
import Testing

/// The web page, driven in headless Chromium (Debian's `chromium`, by Python's `playwright`), and the
/// note a counselor adds there pulled by the seeker's real replica.
@Suite("The web page in a real browser", .serialized, .timeLimit(.minutes(5)))
struct WebPageTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Browser/web_flow.py")

    struct Flow: Decodable {
        var caseloadTitle: String
        var caseloadRows: Int
        var overdueRows: Int
        var caseloadText: String
        var sortedByOverdue: Bool
        var filteredRows: String
        var timelineHeading: String
        var timelineText: String
        var unlabelledFields: [String]
        var caseloadContrast: Contrast
        var timelineContrast: Contrast
        var noteFlash: String
        var noteShown: Int
        var callStatus: String
        var historyText: String
        var feedFromPage: [String: Bool]
        var forgedStatus: Int
        var forgedShown: Int
        var afterSignOutGoesToLogin: Bool
        var phoneScrollsSideways: Bool
        var benOwnPage: String
        var benOnAnasPage: Int
        var sessionCookie: [String: AnyCodable]
        var revokedGoesToLogin: Bool
        var adminShowsRecords: Bool
        var assignFlash: String
        var caseloadRowsAfterAssign: Int
        var wrongPasswordStatuses: [Int]
        var throttleMessage: String
        var letterBefore: String
        var letterMentions: String
        var letterSummary: String
        var noteAuthors: String
        var letterFlash: String
        var letterAfter: String
        var emlStatus: Int
        var emlType: String
        var emlHasEdit: Bool
        var mailto: String
        var axeTimeline: [String]
        var sentFlash: String
        var thankYouStatus: String
        var previewRejected: String
        var previewKeepsText: String
        var previewPlaced: String
        var axePreview: [String]
        var interviewFlash: String
        var interviewShown: Int
        var heldFlash: String
        var heldFollowUps: [String]
        var badEmailStatus: Int
        var badEmailText: String
        var badDateStatus: Int
    }

    /// The lowest contrast ratio between visible text and its background on a page, and that text.
    struct Contrast: Decodable {
        var ratio: Double
        var text: String
    }

    /// A JSON scalar of any kind, for the cookie's attributes.
    struct AnyCodable: Decodable, Equatable {
        var text: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) { text = String(flag) } else { text = try container.decode(String.self) }
        }
    }

    @Test("sign in, the caseload, a seeker's timeline, a note and a follow-up done, sign out; CSRF, other seekers and revoked sessions are kept out")
    func counselorFlow() async throws {
        let deployment = try await Deployment.start(accounts: [])
        defer { Task { try? await deployment.stop() } }
        try await deployment.server.admin(
            ["create-account", "carla", "--role", "counselor", "--display-name", "Carla Diaz"],
            password: "carla password"
        )
        try await deployment.server.admin(["create-account", "ana", "--role", "seeker", "--display-name", "Ana Ruiz"], password: "ana password")
        try await deployment.server.admin(["create-account", "ben", "--role", "seeker", "--display-name", "Ben Ode"], password: "ben password")
        try await deployment.server.admin(["create-account", "dan", "--role", "seeker"], password: "dan password")
        try await deployment.server.admin(["create-account", "root", "--role", "admin"], password: "root password")
        try await deployment.server.admin(["assign", "carla", "ana"])
        try await deployment.server.admin(["assign", "carla", "ben"])

        // Ana's interview two weeks ago: its thank-you and call are overdue.
        let laptop = deployment.machine("laptop")
        try await laptop.login(deployment.server, as: "ana")
        let twoWeeksAgo = Date().addingTimeInterval(-14 * 86_400).formatted(.iso8601.year().month().day())
        let added = try await laptop.ok([
            "interview", "add", "--company", "Northwind Traders", "--position", "Logistics Coordinator", "--date", twoWeeksAgo,
            "--interviewer", "Ms. Sam Lee",
        ])
        let id = try #require(Machine.addedID(added))
        try await laptop.ok(["interview", "held", id])
        try await laptop.ok(["note", "add", id, "--kind", "remark", "--text", "their new cold-storage warehouse"])
        try await laptop.ok(["sync"])

        let shots = ProcessInfo.processInfo.environment["FOLLOWUP_SCREENSHOTS"] ?? deployment.directory.path
        let run = try await ChildProcess.run(path: URL(fileURLWithPath: "/usr/bin/env"), ["python3", Self.script.path, deployment.server.url, shots])
        #expect(run.status == 0, "\(run.error)")
        let flow = try JSONDecoder().decode(Flow.self, from: Data(run.output.utf8))

        #expect(flow.caseloadTitle == "Caseload — FollowUp")
        #expect(flow.caseloadRows == 2 && flow.overdueRows == 1, "Ana's row stands out as overdue, Ben's does not")
        #expect(flow.caseloadText.contains("Ana Ruiz") && flow.caseloadText.contains("2 overdue"), "\(flow.caseloadText)")
        #expect(flow.sortedByOverdue)
        #expect(flow.filteredRows.contains("No seeker matches"))
        #expect(flow.timelineHeading == "Ana Ruiz")
        #expect(flow.timelineText.contains("Northwind Traders — Logistics Coordinator") && flow.timelineText.contains("Ms. Sam Lee"))
        #expect(flow.timelineText.contains("their new cold-storage warehouse") && flow.timelineText.contains("Thank-you draft"))
        #expect(flow.unlabelledFields.isEmpty, "every field is labelled: \(flow.unlabelledFields)")
        for contrast in [flow.caseloadContrast, flow.timelineContrast] {
            #expect(contrast.ratio >= 4.5, "text contrast at least 4.5:1 (WCAG 2.1 AA): \(contrast.ratio) for \"\(contrast.text)\"")
        }
        #expect(flow.noteFlash.contains("next sync") && flow.noteShown == 1)
        #expect(flow.callStatus.contains("done") && !flow.callStatus.contains("Mark done"), "\(flow.callStatus)")
        #expect(flow.historyText.contains("now held") && flow.historyText.contains("Ana Ruiz on laptop"), "\(flow.historyText)")
        #expect(flow.feedFromPage == ["starts": true, "hasAna": true], "the page's calendar button gives a working feed address")
        #expect(flow.forgedStatus == 403 && flow.forgedShown == 0)
        #expect(flow.afterSignOutGoesToLogin)
        #expect(!flow.phoneScrollsSideways, "the caseload fits a phone's width")
        #expect(flow.benOwnPage == "Ben Ode" && flow.benOnAnasPage == 404)
        #expect(flow.sessionCookie["httpOnly"]?.text == "true" && flow.sessionCookie["sameSite"]?.text == "Lax")
        #expect(flow.revokedGoesToLogin)
        #expect(
            flow.wrongPasswordStatuses.prefix(4).allSatisfy { $0 == 401 } && flow.wrongPasswordStatuses.last == 429,
            "\(flow.wrongPasswordStatuses)"
        )
        #expect(flow.throttleMessage.contains("try again"), "\(flow.throttleMessage)")

        // The note added on the page reaches Ana's laptop at its next sync, as Carla's, from the web.
        try await laptop.ok(["sync"])
        let interview = try await laptop.json(["interview", "show", id], as: InterviewJSON.self)
        let note = try #require(interview.notes.first { $0.text?.contains("warehouse move") == true })
        #expect(note.kind == "strong-point")
        let history = try await laptop.ok(["history", note.id])
        #expect(history.contains("Carla Diaz on web browser"), "\(history)")
        let due = try await laptop.ok(["due", "--all"])
        #expect(!due.contains("Follow-up call") || due.contains("done"), "\(due)")

        // The interview Carla added on the web, held there: on Ana's laptop with its follow-ups.
        #expect(flow.interviewFlash.contains("interview was added") && flow.interviewShown == 1)
        #expect(flow.heldFlash.contains("marked held"), "\(flow.heldFlash)")
        #expect(flow.heldFollowUps.contains { $0.contains("Thank-you") && $0.contains("dr. lena park") }, "\(flow.heldFollowUps)")
        #expect(flow.heldFollowUps.contains { $0.contains("Follow-up call") }, "\(flow.heldFollowUps)")
        #expect(flow.badEmailStatus == 422 && flow.badEmailText.contains("line break"), "\(flow.badEmailStatus)")
        #expect(flow.badDateStatus == 422)
        let interviews = try await laptop.json(["interview", "list"], as: [InterviewSummary].self)
        let contoso = try #require(interviews.first { $0.company == "Contoso Pharmacy" })
        #expect(contoso.position == "Inventory Analyst" && contoso.status == "held" && contoso.date == LocalDate(iso: "2026-10-20"))
        let contosoDue = try await laptop.json(["due", "--all"], as: [FollowUpItem].self).filter { $0.company == "Contoso Pharmacy" }
        #expect(contosoDue.compactMap(\.kind).sorted() == ["call", "thank-you"], "\(contosoDue)")
        #expect(try await laptop.ok(["interview", "show", contoso.id]).contains("lena.park@contoso.example"))

        // Ana's letter on the web: her framed note is in it, Carla's strong point is not (shown
        // with its author), the remark she jotted is to mention; edited, saved, downloaded, sent.
        #expect(flow.previewRejected.contains("Not in the letter (says who said it"), "\(flow.previewRejected)")
        #expect(flow.previewKeepsText == "Carlos said the second warehouse opens in March")
        #expect(
            flow.previewPlaced == "In the letter: I was glad to have the chance to tell you about my three years running the dispatch desk.",
            "\(flow.previewPlaced)"
        )
        #expect(flow.axePreview.isEmpty, "axe-core violations with a preview shown: \(flow.axePreview)")
        #expect(flow.letterSummary.contains("not saved yet"), "\(flow.letterSummary)")
        #expect(flow.letterBefore.contains("I was glad to have the chance to tell you about my three years running the dispatch desk."))
        #expect(!flow.letterBefore.contains("warehouse move"), "a counselor's note never reaches the letter:\n\(flow.letterBefore)")
        #expect(
            flow.letterMentions.contains("remark, not written for the letter: their new cold-storage warehouse"),
            "\(flow.letterMentions)"
        )
        #expect(flow.noteAuthors.contains("by Carla Diaz on web browser"), "\(flow.noteAuthors)")
        #expect(flow.letterFlash.contains("saved") && flow.letterAfter.contains("Thank you again"))
        #expect(flow.emlStatus == 200 && flow.emlType.hasPrefix("message/rfc822") && flow.emlHasEdit)
        #expect(flow.mailto.hasPrefix("mailto:") && flow.mailto.contains("Thank%20you%20again"))
        #expect(flow.axeTimeline.isEmpty, "axe-core violations on the timeline: \(flow.axeTimeline)")
        #expect(flow.sentFlash.contains("sent") && flow.thankYouStatus.contains("done"), "\(flow.thankYouStatus)")
        // The laptop shows the same letter, edited on the web, and the thank-you done.
        try await laptop.ok(["sync"])
        let onLaptop = try await laptop.run(["draft", id])
        #expect(onLaptop.output.contains("Thank you again; I look forward to hearing from you"), "\(onLaptop.output)")
        #expect(onLaptop.error.contains("sent by email"), "\(onLaptop.error)")
    }
}
