import FollowUpClient
import FollowUpCore
import FollowUpTestSupport
import Foundation
import Testing

/// The thank-you as a document the seeker owns: drafted once from the notes, edited, synced,
/// sent; notes that show who wrote them, and a counselor's comment that never reaches a letter.
@Suite("The thank-you letter the seeker owns", .serialized, .timeLimit(.minutes(3)))
struct LetterTests {
    struct Note: Decodable {
        struct Author: Decodable {
            var name: String
            var device: String?
            var thisDevice: Bool
            var isSeeker: Bool
        }

        var id: String
        var kind: String?
        var text: String?
        var author: Author?
        var framed: Bool
        var inLetter: Bool?
    }

    @Test("guided debrief shows each sentence and its preview; draft saves the letter; edits sync; sent closes the thank-you")
    func letterLifecycle() async throws {
        let deployment = try await Deployment.start(accounts: [("jordan", "seeker"), ("carla", "counselor")])
        try await deployment.server.admin(["assign", "carla", "jordan"])
        let laptop = deployment.machine("laptop")
        let desktop = deployment.machine("desktop")
        let office = deployment.machine("office")
        try await laptop.login(deployment.server, as: "jordan", device: "laptop")
        try await desktop.login(deployment.server, as: "jordan", device: "desktop")
        try await office.login(deployment.server, as: "carla", device: "office")
        try await laptop.ok(["config", "name", "Jordan Lee"])
        let today = LocalDateText.today
        let id = try #require(
            Machine.addedID(
                try await laptop.ok([
                    "interview", "add", "--company", "Mercy Clinic", "--position", "Scheduler", "--date", today.adding(days: -1).description,
                    "--interviewer", "jenna ortiz",
                ])
            )
        )
        let jenna = try #require(try await laptop.json(["interview", "show", id], as: InterviewJSON.self).interviewers.first?.id)
        try await laptop.ok(["interviewer", "edit", jenna, "--email", "jenna.ortiz@mercy.example"])
        try await laptop.ok(["interview", "held", id])

        // The guided debrief, answered line by line: fit, concern (+ addition), contribution,
        // strong point, weak answer (+ addition), remark, other.
        let answers =
            [
                "They want someone who stays calm", "",
                "they worry I have never used Epic", "I have since completed Epic's online course for schedulers", "",
                "Help with the Saturday opening", "",
                "how I cut patient wait times by 20%", "",
                "the question about overtime", "I am glad to work the occasional weekend", "",
                "Dr. Cho said the grants office is moving.", "",
                "",
            ].joined(separator: "\n") + "\n"
        let guided = try await laptop.run(["note", "add", id, "--guided"], input: answers)
        #expect(guided.status == 0, "\(guided.error)")
        #expect(guided.error.contains("For the letter, finish: \"I was glad to have the chance to tell you about …\""), "\(guided.error)")
        #expect(guided.error.contains("in the letter: I was glad to have the chance to tell you about how I cut patient wait times by 20%."))
        #expect(guided.error.contains("in the letter: I am confident I could help with the Saturday opening."))
        #expect(
            guided.error.contains("\"Dr. Cho said the grants office is moving.\" → not in the letter (says who said it"),
            "the remark saying who said it does not fit: \(guided.error)"
        )

        let draft = try await laptop.run(["draft", id])
        #expect(draft.status == 0, "\(draft.error)")
        let expected = [
            "Dear Jenna Ortiz,",
            "I was glad to have the chance to tell you about how I cut patient wait times by 20%. I believe this experience is a strong match for what your team needs.",
            "I would also like to add that I am glad to work the occasional weekend.",
            "I remain very interested in the Scheduler position at Mercy Clinic, and I am confident I could help with the Saturday opening.",
        ]
        for part in expected { #expect(draft.output.contains(part), "\(part)\n---\n\(draft.output)") }
        #expect(!draft.output.contains("Epic"), "a concern stays out of the letter unless the seeker lets it in")
        #expect(!draft.output.contains("Dr. Cho"))
        #expect(draft.error.contains("to mention"), "\(draft.error)")
        #expect(
            draft.error.contains("remark, says who said it; the letter needs what it was about: Dr. Cho said the grants office is moving."),
            "\(draft.error)"
        )

        // The counselor comments; the seeker sees who wrote what, and the comment stays out of the letter.
        try await laptop.ok(["sync"])
        try await office.ok(["sync"])
        try await office.ok([
            "note", "add", id, "--kind", "comment", "--text", "Mention the Contoso barcode rollout in the call; they care about accuracy",
        ])
        try await office.ok([
            "note", "add", id, "--kind", "strong-point", "--for-letter", "--text", "the barcode rollout at Contoso",
        ])
        try await office.ok(["sync"])
        try await laptop.ok(["sync"])
        let notes = try await laptop.json(["note", "list", id], as: [Note].self)
        let comment = try #require(notes.first { $0.kind == "comment" })
        #expect(comment.author?.name == "carla" && comment.author?.device == "office" && comment.author?.isSeeker == false)
        #expect(notes.first { $0.text == "how I cut patient wait times by 20%" }?.author?.thisDevice == true)
        #expect(notes.first { $0.text == "how I cut patient wait times by 20%" }?.framed == true)
        let listing = try await laptop.ok(["note", "list", id])
        #expect(listing.contains("carla (office)"), "\(listing)")
        let fresh = try await laptop.ok(["draft", id, "--fresh"])
        #expect(!fresh.contains("Contoso") && !fresh.contains("barcode"), "a counselor's notes never reach the letter:\n\(fresh)")

        // The desktop shows the same saved letter; the seeker edits it there.
        try await laptop.ok(["sync"])
        try await desktop.ok(["sync"])
        #expect(try await desktop.ok(["draft", id]) == fresh)
        let edited = fresh.replacingOccurrences(
            of: "I look forward to hearing from you.",
            with: "I look forward to hearing from you, and thank you again."
        )
        let file = deployment.directory.appendingPathComponent("edited.txt")
        try edited.replacingOccurrences(of: "Subject: Thank you — Scheduler, Mercy Clinic\n\n", with: "").write(
            to: file,
            atomically: true,
            encoding: .utf8
        )
        #expect(try await desktop.ok(["letter", "edit", id, "--file", file.path]).contains("saved the thank-you"))
        try await desktop.ok(["sync"])
        try await laptop.ok(["sync"])
        let onLaptop = try await laptop.run(["draft", id])
        #expect(onLaptop.output.contains("and thank you again."), "\(onLaptop.output)")
        #expect(onLaptop.error.contains("this is your saved letter"))
        let eml = try await laptop.ok(["draft", id, "--eml"])
        #expect(eml.contains("thank you again"), "the .eml carries the edited letter")
        #expect(eml.contains("To: \"jenna ortiz\" <jenna.ortiz@mercy.example>") || eml.contains("To: \"Jenna Ortiz\""), "\(eml)")

        // Sent: recorded with how, and the thank-you follow-up is done.
        #expect(try await laptop.ok(["letter", "sent", id, "--via", "email"]).contains("sent by email"))
        let followUps = try await laptop.json(["due", "--all"], as: [FollowUpItem].self)
        let thankYou = try #require(followUps.first { $0.kind == "thank-you" })
        #expect(thankYou.status == "done" && thankYou.outcome == "thank-you sent by email", "\(thankYou)")
        #expect(try await laptop.run(["draft", id]).error.contains("sent by email"))
        #expect(try await laptop.run(["letter", "sent", id, "--via", "pigeon"]).status == 64)
        try await deployment.stop()
    }
}
