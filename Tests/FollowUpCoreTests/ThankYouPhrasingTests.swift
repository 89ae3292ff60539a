import FollowUpCoreFixtures
import Foundation
import Testing

@testable import FollowUpCore

/// Notes as people write them right after an interview — fragments and sentences — and the
/// sentence each one becomes in the thank-you.
@Suite("Thank-you phrasing")
struct ThankYouPhrasingTests {
    static func draft(
        _ notes: [DebriefNote?],
        recipient: Interviewer? = ThankYouDraftTests.ana(),
        sender: Sender = ThankYouDraftTests.sender
    )
        throws -> ThankYouDraft
    {
        ThankYouComposer.compose(
            interview: try #require(ThankYouDraftTests.interview()),
            recipient: recipient,
            notes: notes.compactMap { $0 },
            sender: sender,
            channel: .mail,
            date: Fixture.date("2026-11-20")
        )
    }

    @Test(
        "a strong point reads well whether it was noted as a fragment or a sentence",
        arguments: [
            ("cut shipping errors by 30% at Contoso", "I was glad to have the chance to tell you how I cut shipping errors by 30% at Contoso."),
            ("I cut shipping errors by 30% at Contoso.", "I was glad to have the chance to tell you how I cut shipping errors by 30% at Contoso."),
            ("Led a team of five analysts", "I was glad to have the chance to tell you how I led a team of five analysts."),
            ("my three years running the dispatch desk", "I was glad to have the chance to tell you about my three years running the dispatch desk."),
            ("My team shipped the tracking app in six weeks.", "As I mentioned when we spoke, my team shipped the tracking app in six weeks."),
            ("SQL and Python for route planning", "I was glad to have the chance to tell you about SQL and Python for route planning."),
            ("the detailed plan for the Q3 migration", "I was glad to have the chance to tell you about the detailed plan for the Q3 migration."),
        ]
    )
    func strongPoint(note: String, sentence: String) throws {
        let draft = try Self.draft([ThankYouDraftTests.note(.strongPoint, note)])
        #expect(draft.body.contains(sentence), "\(draft.body)")
        #expect(!draft.body.contains("about cut") && !draft.body.contains("about I ") && !draft.body.contains(".."))
    }

    @Test(
        "what the interviewer said is referred to as a topic or as what they said",
        arguments: [
            ("their new data team", "I especially enjoyed hearing about their new data team."),
            ("She said the team is moving to Snowflake next year", "I especially enjoyed hearing that the team is moving to Snowflake next year."),
            ("The team is moving to Snowflake.", "I especially enjoyed hearing that the team is moving to Snowflake."),
            ("He mentioned that they want to open a second warehouse", "I especially enjoyed hearing that they want to open a second warehouse."),
        ]
    )
    func remark(note: String, sentence: String) throws {
        let draft = try Self.draft([ThankYouDraftTests.note(.strongPoint, "my dispatch experience"), ThankYouDraftTests.note(.remark, note)])
        #expect(draft.body.contains(sentence), "\(draft.body)")
    }

    @Test(
        "an addition to a weak answer names the answer as it was noted, and reads as the seeker's own sentence",
        arguments: [
            (
                "forklift certification", "booked the certification course for December 5",
                "I would also like to add to my answer about forklift certification: I booked the certification course for December 5."
            ),
            (
                "Why did you leave Contoso?", "I left to care for a family member and am ready to return full time",
                "I would also like to add to my answer to your question, \"Why did you leave Contoso?\" I left to care for a family member and am ready to return full time."
            ),
            (
                "I froze on the SQL window-function question", "a running total is SUM() OVER (ORDER BY date)",
                "I would also like to add to one of my answers: A running total is SUM() OVER (ORDER BY date)."
            ),
        ]
    )
    func addition(weak: String, addition: String, sentence: String) throws {
        let draft = try Self.draft([ThankYouDraftTests.note(.weakAnswer, weak, addition: addition)])
        #expect(draft.body.contains(sentence), "\(draft.body)")
    }

    @Test(
        "a contribution reads after \"help\" or \"contribute\"",
        arguments: [
            ("modernize their routing", "I am confident I could help modernize their routing."),
            ("to the cold-storage launch from my first week", "I am confident I could contribute to the cold-storage launch from my first week."),
            ("cut their onboarding time", "I am confident I could help cut their onboarding time."),
        ]
    )
    func contribution(note: String, sentence: String) throws {
        let draft = try Self.draft([ThankYouDraftTests.note(.contribution, note)])
        #expect(draft.body.contains(sentence), "\(draft.body)")
    }

    @Test(
        "a title in the interviewer's name greets them by title and surname",
        arguments: [
            ("Ms. Ana Ruiz", "Ms. Ruiz"), ("Dr. Sam O'Neil Jr.", "Dr. O'Neil"), ("Mr. José García-Márquez", "Mr. García-Márquez"),
            ("Ana Ruiz", "Ana Ruiz"), ("Prof Lee", "Prof Lee"), ("Ruiz", "Ruiz"),
        ]
    )
    func salutation(name: String, greeting: String) {
        #expect(ThankYouComposer.salutationName(name) == greeting)
    }

    @Test("every sentence the advice asks for is there, from fragments: thanks, strong points, an addition, a remark, interest")
    func everySentence() throws {
        let draft = try Self.draft([
            ThankYouDraftTests.note(.strongPoint, "cut shipping errors by 30% at Contoso"),
            ThankYouDraftTests.note(.weakAnswer, "forklift certification", addition: "booked the course for December 5"),
            ThankYouDraftTests.note(.remark, "She said the team is moving to Snowflake"),
            ThankYouDraftTests.note(.contribution, "modernize their routing"),
        ])
        #expect(draft.warnings.isEmpty, "\(draft.warnings)")
        for part in [
            "Thank you for taking the time to meet with me", "how I cut shipping errors", "add to my answer about forklift certification",
            "hearing that the team is moving to Snowflake", "I remain very interested in the Logistics Coordinator position",
        ] {
            #expect(draft.body.contains(part), "\(part)")
        }
    }

    @Test("a draft warns when the seeker's name is not set, and an email when the interviewer's address is unknown")
    func missingDetails() throws {
        let unnamed = Sender(name: "ana", nameIsSet: false)
        let letter = try Self.draft([ThankYouDraftTests.note(.strongPoint, "my dispatch experience")], sender: unnamed)
        #expect(letter.warnings.contains(.noSenderName(signedAs: "ana")))
        #expect(letter.warnings.first { $0 == .noSenderName(signedAs: "ana") }?.description.contains("followup config name") == true)
        let email = ThankYouComposer.compose(
            interview: try #require(ThankYouDraftTests.interview()),
            recipient: ThankYouDraftTests.ana(),
            notes: [],
            sender: ThankYouDraftTests.sender,
            channel: .email,
            date: Fixture.date("2026-11-20")
        )
        #expect(email.warnings.contains(.noRecipientEmail))
        #expect(!email.warnings.contains(.noMailingAddress))
    }
}
