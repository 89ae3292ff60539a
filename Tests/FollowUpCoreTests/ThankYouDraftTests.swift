import FollowUpCoreFixtures
import Foundation
import Testing

@testable import FollowUpCore

@Suite("Thank-you draft")
struct ThankYouDraftTests {
    static let interviewID = Fixture.entity
    static let anaID = UUID(uuidString: "a0000000-0000-4000-8000-00000000000a") ?? UUID()

    static func interview() -> Interview? {
        var edit = Edit()
        edit.set(Interview.Field.company, text: "Northwind Traders")
        edit.set(Interview.Field.position, text: "Logistics Coordinator")
        edit.set(Interview.Field.date, date: Fixture.date("2026-11-20"))
        edit.set(Interview.Field.decisionDate, date: Fixture.date("2026-12-11"))
        edit.set(Interview.Field.location, text: "400 Harbor Way\nSeattle, WA 98104")
        return Interview(
            EntityState(
                creating: Change(
                    id: UUID(),
                    creating: .interview,
                    entity: interviewID,
                    owner: Fixture.seeker,
                    at: Fixture.at(1),
                    edit: edit
                )
            )
        )
    }

    static func ana() -> Interviewer? {
        var edit = Edit()
        edit.set(Interviewer.Field.name, text: "Ms. Ana Ruiz")
        edit.set(Interviewer.Field.title, text: "Operations Manager")
        return Interviewer(
            EntityState(
                creating: Change(id: UUID(), creating: .interviewer, entity: anaID, owner: Fixture.seeker, at: Fixture.at(1), edit: edit)
            )
        )
    }

    /// The counselor's device: notes it writes are never the seeker's letter.
    static let counselorsDevice = ReplicaID(rawValue: 0xC0)

    /// A note as a replica stores it; `order` is when it was made (notes are used in that order).
    static func note(
        _ kind: DebriefNote.Kind,
        _ text: String,
        addition: String? = nil,
        about: UUID? = nil,
        framed: Bool = false,
        inLetter: Bool? = nil,
        by replica: ReplicaID = Fixture.laptop,
        order: UInt64 = 1
    ) -> DebriefNote? {
        var edit = Edit()
        edit.set(DebriefNote.Field.interview, id: interviewID)
        edit.set(DebriefNote.Field.kind, kind)
        edit.set(DebriefNote.Field.text, text: text)
        edit.set(DebriefNote.Field.addition, text: addition)
        if let about { edit.set(DebriefNote.Field.interviewer, id: about) }
        if framed { edit.set[DebriefNote.Field.framed] = .bool(true) }
        if let inLetter { edit.set[DebriefNote.Field.inLetter] = .bool(inLetter) }
        return DebriefNote(
            EntityState(
                creating: Change(id: UUID(), creating: .note, entity: UUID(), owner: Fixture.seeker, at: Fixture.at(order, replica), edit: edit)
            )
        )
    }

    static let sender = Sender(name: "Jordan Lee", address: "12 Elm Street\nTacoma, WA 98402", email: "jordan@example.com", phone: "253-555-0142")

    @Test("a full letter from a realistic debrief")
    func fullLetter() throws {
        let notes = [
            Self.note(.strongPoint, "my three years running the night-shift dispatch desk", framed: true, order: 1),
            Self.note(.strongPoint, "the routing spreadsheet that cut late deliveries by a fifth.", framed: true, order: 2),
            Self.note(
                .weakAnswer,
                "forklift certification",
                addition: "I have since booked the certification course for December 5",
                framed: true,
                order: 3
            ),
            Self.note(.remark, "the new cold-storage warehouse opening in the spring", about: Self.anaID, framed: true, order: 4),
            Self.note(.contribution, "contribute to the cold-storage launch from my first week", framed: true, order: 5),
            Self.note(.fit, "They want someone calm under pressure", order: 6),
        ].compactMap { $0 }
        let ana: Interviewer = try #require(Self.ana())
        let draft = ThankYouComposer.compose(
            interview: try #require(Self.interview()),
            recipient: ana,
            notes: notes,
            sender: Self.sender,
            channel: .mail,
            date: Fixture.date("2026-11-20")
        )
        #expect(draft.warnings.isEmpty, "\(draft.warnings)")
        #expect(draft.subject == nil)
        let expected = """
            Jordan Lee
            12 Elm Street
            Tacoma, WA 98402

            November 20, 2026

            Ms. Ana Ruiz
            Operations Manager
            Northwind Traders
            400 Harbor Way
            Seattle, WA 98104

            Dear Ms. Ruiz,

            Thank you for taking the time to meet with me on Friday, November 20, to discuss the Logistics Coordinator position \
            at Northwind Traders. I especially enjoyed hearing about the new cold-storage warehouse opening in the spring.

            I was glad to have the chance to tell you about my three years running the night-shift dispatch desk and the routing \
            spreadsheet that cut late deliveries by a fifth. I believe this experience is a strong match for what your team needs.

            I would also like to add that I have since booked the certification course for December 5.

            I remain very interested in the Logistics Coordinator position at Northwind Traders, and I am confident I could \
            contribute to the cold-storage launch from my first week. Please let me know if I can provide any further \
            information; I can be reached at 253-555-0142. I look forward to hearing from you about your decision by December 11, 2026.

            Sincerely,
            Jordan Lee

            """
        #expect(draft.body == expected)
    }

    @Test("an email has a subject, no addresses and no date line")
    func email() throws {
        let notes = [Self.note(.strongPoint, "my dispatch experience", framed: true), Self.note(.remark, "the spring warehouse", framed: true)]
            .compactMap { $0 }
        let ana: Interviewer = try #require(Self.ana())
        let draft = ThankYouComposer.compose(
            interview: try #require(Self.interview()),
            recipient: ana,
            notes: notes,
            sender: Self.sender,
            channel: .email,
            date: Fixture.date("2026-11-20")
        )
        #expect(draft.channel == .email)
        #expect(draft.subject == "Thank you — Logistics Coordinator, Northwind Traders")
        #expect(draft.body.hasPrefix("Dear Ms. Ruiz,\n"))
        #expect(!draft.body.contains("12 Elm Street"))
        #expect(draft.body.hasSuffix("Best regards,\nJordan Lee\n253-555-0142\n"))
    }

    @Test("each empty part is warned about")
    func warnings() throws {
        let notes = [Self.note(.weakAnswer, "the SQL question")].compactMap { $0 }
        let draft = ThankYouComposer.compose(
            interview: try #require(Self.interview()),
            recipient: nil,
            notes: notes,
            sender: Sender(name: "Jordan Lee"),
            channel: .mail,
            date: Fixture.date("2026-11-20")
        )
        #expect(draft.warnings.contains(.noStrongPoint))
        #expect(draft.warnings.contains(.weakAnswerNotAddressed("the SQL question")))
        #expect(draft.warnings.contains(.noRemark))
        #expect(draft.warnings.contains(.noRecipientName))
        #expect(!draft.warnings.contains(.noMailingAddress), "the interview's location serves as the address")
        #expect(draft.body.contains("Dear Hiring Manager,"))
        #expect(!draft.body.contains("SQL"), "an unaddressed weak answer is not mentioned in the letter")
        #expect(draft.body.contains("I remain very interested in the Logistics Coordinator position at Northwind Traders"))
    }

    @Test("a letter with no address anywhere warns, and deleted notes are ignored")
    func noAddressAndDeletedNotes() throws {
        var edit = Edit()
        edit.set(Interview.Field.company, text: "Acme")
        let interview = try #require(
            Interview(
                EntityState(
                    creating: Change(id: UUID(), creating: .interview, entity: UUID(), owner: Fixture.seeker, at: Fixture.at(1), edit: edit)
                )
            )
        )
        var noteState = EntityState(
            creating: Change(
                id: UUID(),
                creating: .note,
                entity: UUID(),
                owner: Fixture.seeker,
                at: Fixture.at(1),
                edit: Edit(set: [DebriefNote.Field.kind: "strong-point", DebriefNote.Field.text: "deleted point"])
            )
        )
        try noteState.apply(Change(id: UUID(), editing: noteState, at: Fixture.at(2), edit: .delete))
        let draft = ThankYouComposer.compose(
            interview: interview,
            recipient: nil,
            notes: [try #require(DebriefNote(noteState))],
            sender: Sender(name: "J"),
            channel: .mail,
            date: Fixture.date("2026-11-20")
        )
        #expect(draft.warnings.contains(.noMailingAddress))
        #expect(draft.warnings.contains(.noPosition))
        #expect(draft.warnings.contains(.noStrongPoint))
        #expect(!draft.body.contains("deleted point"))
    }
}
