import FollowUpCoreFixtures
import Foundation
import Testing

@testable import FollowUpCore

/// Notes as people write them right after an interview — sentences, fragments, third person,
/// lower case, quotes, questions, asides, a counselor's advice — and what each becomes in the
/// thank-you: the exact sentence it makes, or a line to mention beside the draft and nothing in it.
@Suite("Thank-you: from notes to sentences")
struct ThankYouPhrasingTests {
    /// One note and where it goes.
    struct Case: Sendable, CustomTestStringConvertible {
        var note: @Sendable () -> DebriefNote?
        var label: String
        /// The paragraph of the body the note's sentence stands in, written out whole; `nil` when
        /// the note must not reach the letter.
        var paragraph: String?
        /// Whether the draft lists the note to mention.
        var mentioned: Bool

        var testDescription: String { label }
    }

    static let interest =
        "I remain very interested in the Logistics Coordinator position at Northwind Traders. Please let me know if I can provide any further information; I can be reached at 253-555-0142. I look forward to hearing from you about your decision by December 11, 2026."
    static func interest(contributing fill: String) -> String {
        interest.replacingOccurrences(of: "Northwind Traders.", with: "Northwind Traders, and I am confident I could \(fill).")
    }
    static func interest(adding sentence: String) -> String {
        interest.replacingOccurrences(of: "Northwind Traders.", with: "Northwind Traders. \(sentence)")
    }
    static let thanks =
        "Thank you for taking the time to meet with me on Friday, November 20, to discuss the Logistics Coordinator position at Northwind Traders."
    static let match = "I believe this experience is a strong match for what your team needs."

    static func placed(_ label: String, _ paragraph: String, _ note: @escaping @Sendable () -> DebriefNote?) -> Case {
        Case(note: note, label: label, paragraph: paragraph, mentioned: false)
    }
    static func mentioned(_ label: String, _ note: @escaping @Sendable () -> DebriefNote?) -> Case {
        Case(note: note, label: label, paragraph: nil, mentioned: true)
    }
    static func left(_ label: String, _ note: @escaping @Sendable () -> DebriefNote?) -> Case {
        Case(note: note, label: label, paragraph: nil, mentioned: false)
    }

    static let n = ThankYouDraftTests.note

    static let cases: [Case] = [
        // Strong points.
        placed(
            "strong point written for its sentence",
            "I was glad to have the chance to tell you about my three years running the dispatch desk. \(match)"
        ) {
            n(.strongPoint, "my three years running the dispatch desk", nil, nil, true, nil, Fixture.laptop, 1)
        },
        placed("strong point beginning with how I", "I was glad to have the chance to tell you about how I cut patient wait times by 20%. \(match)") {
            n(.strongPoint, "how I cut patient wait times by 20%", nil, nil, true, nil, Fixture.laptop, 1)
        },
        placed(
            "strong point opening with an acronym keeps it",
            "I was glad to have the chance to tell you about SQL and Python for route planning. \(match)"
        ) {
            n(.strongPoint, "SQL and Python for route planning", nil, nil, true, nil, Fixture.laptop, 1)
        },
        placed(
            "strong point typed with a capital, no full stop",
            "I was glad to have the chance to tell you about the routing spreadsheet I built. \(match)"
        ) {
            n(.strongPoint, "The routing spreadsheet I built", nil, nil, true, nil, Fixture.laptop, 1)
        },
        placed("strong point repeating the frame's last word", "I was glad to have the chance to tell you about my dispatch years. \(match)") {
            n(.strongPoint, "about my dispatch years", nil, nil, true, nil, Fixture.laptop, 1)
        },
        placed("strong point written for the letter as the seeker's own sentence", "I cut shipping errors by 30% at Contoso. \(match)") {
            n(.strongPoint, "I cut shipping errors by 30% at Contoso.", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("the same sentence jotted for oneself, not for the letter") {
            n(.strongPoint, "I cut shipping errors by 30% at Contoso.", nil, nil, false, nil, Fixture.laptop, 1)
        },
        mentioned("a private worry jotted as a strong point") {
            n(.strongPoint, "I hope I didn't talk too much about my thesis", nil, nil, false, nil, Fixture.laptop, 1)
        },
        placed("strong point in lower case, first person", "I led a team of five analysts. \(match)") {
            n(.strongPoint, "i led a team of five analysts", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("strong point opening with My, not framed (a sentence or a fragment alike)") {
            n(.strongPoint, "My team shipped the tracking app in six weeks.", nil, nil, false, nil, Fixture.laptop, 1)
        },
        placed("strong point as two sentences of the seeker's", "I rebuilt the intake form. It cut no-shows by a third. \(match)") {
            n(.strongPoint, "I rebuilt the intake form. It cut no-shows by a third.", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("strong point naming the reader in the third person") {
            n(.strongPoint, "I walked her through the dashboard", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("strong point jotted as a fragment") {
            n(.strongPoint, "cut shipping errors by 30% at Contoso", nil, nil, false, nil, Fixture.laptop, 1)
        },
        mentioned("strong point about telling them") {
            n(.strongPoint, "explained how I cut patient wait times by 20%", nil, nil, false, nil, Fixture.laptop, 1)
        },
        mentioned("strong point written as a sentence in the third person") {
            n(.strongPoint, "She loved the dashboard I showed her.", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("strong point typed as a whole sentence into the frame") {
            n(.strongPoint, "Cutting wait times was my biggest win.", nil, nil, true, nil, Fixture.laptop, 1)
        },
        // Contributions.
        placed("contribution written for its sentence", interest(contributing: "train faculty on the new grants system")) {
            n(.contribution, "train faculty on the new grants system", nil, nil, true, nil, Fixture.laptop, 1)
        },
        placed("contribution typed with a capital", interest(contributing: "help with the Saturday opening")) {
            n(.contribution, "Help with the Saturday opening", nil, nil, true, nil, Fixture.laptop, 1)
        },
        placed("contribution repeating could", interest(contributing: "train faculty")) {
            n(.contribution, "could train faculty", nil, nil, true, nil, Fixture.laptop, 1)
        },
        placed("contribution as the seeker's own sentence", interest(adding: "I can speak Spanish with patients.")) {
            n(.contribution, "I can speak Spanish with patients", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("contribution as a sentence, not written for the letter") {
            n(.contribution, "I could run the Saturday clinic myself.", nil, nil, false, nil, Fixture.laptop, 1)
        },
        mentioned("contribution speaking of the reader as them") {
            n(.contribution, "I could help them get sepsis bundle compliance up", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("contribution joining a fact with a comma") {
            n(.contribution, "cut mis-picks, their accuracy is around 97% and they want 99.5", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("contribution with what he said after a comma") {
            n(.contribution, "tighten up food cost, he said they're at 34%", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("contribution jotted as a fragment") { n(.contribution, "modernize their routing", nil, nil, false, nil, Fixture.laptop, 1) },
        mentioned("contribution written as a clause about them") {
            n(.contribution, "they need someone for Saturdays", nil, nil, true, nil, Fixture.laptop, 1)
        },
        // Weak answers: only the addition is the letter's.
        placed(
            "weak answer whose addition is the seeker's sentence",
            "I would also like to add that I have since completed Epic's online course for schedulers."
        ) {
            n(
                .weakAnswer,
                "When she asked about Epic, I said I had only used it a little",
                "I have since completed Epic's online course for schedulers.",
                nil,
                true,
                nil,
                Fixture.laptop,
                1
            )
        },
        placed("weak answer whose addition was written for its sentence", "I would also like to add that my forklift certification renews in May.") {
            n(.weakAnswer, "forklift certification", "My forklift certification renews in May", nil, true, nil, Fixture.laptop, 1)
        },
        placed("addition with code in it", "I would also like to add that a running total is SUM() OVER (ORDER BY date).") {
            n(.weakAnswer, "the SQL window-function question", "a running total is SUM() OVER (ORDER BY date)", nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("addition jotted as a fragment") {
            n(.weakAnswer, "forklift certification", "booked the certification course for December 5", nil, false, nil, Fixture.laptop, 1)
        },
        mentioned("addition written for the letter without a subject") {
            n(.weakAnswer, "forklift certification", "booked the certification course for December 5", nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("addition written for the letter as a how-phrase") {
            n(.weakAnswer, "food cost", "how I brought our food cost from 33% to 28% at Luca", nil, true, nil, Fixture.laptop, 1)
        },
        left("weak answer with nothing to add") { n(.weakAnswer, "the budget question", nil, nil, false, nil, Fixture.laptop, 1) },
        left("weak answer asked as a question, nothing to add") {
            n(.weakAnswer, "Why did you leave Contoso?", nil, nil, false, nil, Fixture.laptop, 1)
        },
        // Concerns: the seeker's private reading of the employer's doubts.
        left("concern with an addition, not let into the letter") {
            n(
                .concern,
                "they worry I have never worked at a university",
                "I supported faculty researchers for two years at the county hospital",
                nil,
                false,
                nil,
                Fixture.laptop,
                1
            )
        },
        placed(
            "concern whose addition the seeker let in",
            "I would also like to add that I supported faculty researchers for two years at the county hospital."
        ) {
            n(
                .concern,
                "they worry I have never worked at a university",
                "I supported faculty researchers for two years at the county hospital",
                nil,
                true,
                true,
                Fixture.laptop,
                1
            )
        },
        left("concern let in with nothing to add") { n(.concern, "might think I am overqualified", nil, nil, false, true, Fixture.laptop, 1) },
        // Remarks: something the interviewer said.
        placed("remark written for its sentence", "\(thanks) I especially enjoyed hearing about the grants office's move to a new system this fall.")
        {
            n(.remark, "the grants office's move to a new system this fall", nil, nil, true, nil, Fixture.laptop, 1)
        },
        placed("remark repeating about", "\(thanks) I especially enjoyed hearing about the Saturday clinic.") {
            n(.remark, "about the Saturday clinic", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("remark written as the seeker's own reflection") {
            n(.remark, "I enjoyed learning about your plans for the Tacoma clinic.", nil, nil, false, nil, Fixture.laptop, 1)
        },
        mentioned("remark typed into the frame as a rambling note") {
            n(
                .remark,
                "mentioned they're switching to epic in the spring. i used epic at st. luke's for 3 years so i need to bring that up",
                nil,
                nil,
                true,
                nil,
                Fixture.laptop,
                1
            )
        },
        mentioned("strong point typed into the frame, joined by a dash") {
            n(.strongPoint, "shrink - got our store from 2.1% to 1.3% in a year", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("strong point typed into the frame, too long for it") {
            n(
                .strongPoint,
                "uniform guidance and the cost principles and the wine at the conference reception that the pi tried to charge to his nsf award",
                nil,
                nil,
                true,
                nil,
                Fixture.laptop,
                1
            )
        },
        mentioned("contribution typed into the frame with a quotation") {
            n(.contribution, "help with what she called \"the handoff mess\"", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("first-person note of three sentences") {
            n(.strongPoint, "I ran inbound. We were short. I still hit the target.", nil, nil, false, nil, Fixture.laptop, 1)
        },
        mentioned("remark in the third person with a title") {
            n(.remark, "Dr. Cho said the grants office is moving to a new system in the fall.", nil, nil, false, nil, Fixture.laptop, 1)
        },
        mentioned("remark in the third person, typed into the frame") {
            n(.remark, "Dr. Cho said the grants office is moving.", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("remark that is a personal aside") { n(.remark, "she has a dog named biscuit lol", nil, nil, false, nil, Fixture.laptop, 1) },
        mentioned("personal aside typed into the frame") { n(.remark, "she has a dog named biscuit lol", nil, nil, true, nil, Fixture.laptop, 1) },
        placed("addition repeating the frame's ending", "I would also like to add that I have let two people go for repeated safety violations.") {
            n(.weakAnswer, "discipline", "I'd add that I have let two people go for repeated safety violations", nil, true, nil, Fixture.laptop, 1)
        },
        placed("addition repeating the frame's whole lead", "I would also like to add that my certification renews in May.") {
            n(.weakAnswer, "certification", "I would also like to add that my certification renews in May", nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("remark naming the reader") {
            n(.remark, "ana's plan to open a second warehouse", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("contribution naming the reader with her title") {
            n(.contribution, "take over the schedule so Ms. Ruiz can focus on hiring", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("addition naming the reader by title") {
            n(.weakAnswer, "budget", "I would work with the operations manager on the budget", nil, true, nil, Fixture.laptop, 1)
        },
        placed("contribution typed as a sentence, a verb phrase all the same", interest(contributing: "start a bilingual storytime on Saturdays")) {
            n(.contribution, "Start a bilingual storytime on Saturdays.", nil, nil, true, nil, Fixture.laptop, 1)
        },
        placed(
            "strong point typed as a how-phrase with a capital and full stop",
            "I was glad to have the chance to tell you about how I grew the toddler program from 6 families to 25. \(match)"
        ) {
            n(.strongPoint, "How I grew the toddler program from 6 families to 25.", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("strong point with a number after a comma") {
            n(.strongPoint, "the brunch program I ran, 180 covers on Sundays", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("remark saying who said it, typed into the frame") {
            n(.remark, "mr. dobbs said the new lab wing opens in August", nil, nil, true, nil, Fixture.laptop, 1)
        },
        mentioned("remark naming a colleague, lower case") {
            n(.remark, "priya mentioned the team is growing", nil, nil, false, nil, Fixture.laptop, 1)
        },
        mentioned("remark that is their question") { n(.remark, "Why did you leave Contoso?", nil, nil, true, nil, Fixture.laptop, 1) },
        mentioned("remark in quotes") { n(.remark, "\"we move fast here\"", nil, nil, false, nil, Fixture.laptop, 1) },
        // Notes that never reach a letter.
        left("counselor's comment") {
            n(
                .comment,
                "Mention the Contoso barcode rollout in the call; they care about accuracy",
                nil,
                nil,
                false,
                nil,
                ThankYouDraftTests.counselorsDevice,
                1
            )
        },
        left("counselor's advice entered as a concern") {
            n(
                .concern,
                "They care about accuracy",
                "Mention the Contoso barcode rollout",
                nil,
                true,
                true,
                ThankYouDraftTests.counselorsDevice,
                1
            )
        },
        left("strong point written on the counselor's device") {
            n(.strongPoint, "the barcode rollout at Contoso", nil, nil, true, nil, ThankYouDraftTests.counselorsDevice, 1)
        },
        left("strong point the seeker marked private") {
            n(.strongPoint, "my three years at the dispatch desk", nil, nil, true, false, Fixture.laptop, 1)
        },
        left("fit note") { n(.fit, "They want someone calm under pressure", nil, nil, false, nil, Fixture.laptop, 1) },
        left("other note") { n(.other, "parking is behind building C", nil, nil, false, nil, Fixture.laptop, 1) },
    ]

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
            date: Fixture.date("2026-11-20"),
            othersReplicas: [ThankYouDraftTests.counselorsDevice]
        )
    }

    /// The body's paragraphs between the salutation and the closing.
    static func paragraphs(_ draft: ThankYouDraft) -> [String] {
        let body = draft.body.components(separatedBy: "Dear Ms. Ruiz,\n\n")[1].components(separatedBy: "\n\nSincerely,")[0]
        return body.components(separatedBy: "\n\n")
    }

    @Test("each note makes its written-out sentence, or is listed to mention, or stays out", arguments: cases)
    func oneNote(_ example: Case) throws {
        let note = try #require(example.note())
        let draft = try Self.draft([note])
        let paragraphs = Self.paragraphs(draft)
        // The sentences every draft has, whatever the notes.
        #expect(paragraphs.first?.hasPrefix(Self.thanks) == true, "\(paragraphs)")
        #expect(paragraphs.last?.hasPrefix("I remain very interested in the Logistics Coordinator position at Northwind Traders") == true)
        if let paragraph = example.paragraph {
            #expect(paragraphs.contains(paragraph), "expected the paragraph\n\(paragraph)\nin\n\(paragraphs.joined(separator: "\n\n"))")
        } else {
            #expect(paragraphs == [Self.thanks, Self.interest], "nothing of the note in the letter:\n\(paragraphs.joined(separator: "\n\n"))")
        }
        #expect(draft.toMention.contains { $0.note == note.id } == example.mentioned, "\(draft.toMention)")
        if example.mentioned, let mention = draft.toMention.first {
            #expect(mention.description.contains(mention.text) && mention.description.contains("\(mention.reason): "))
        }
    }

    @Test("several notes: fills joined in one sentence, the recipient's own remark, nothing said twice")
    func severalNotes() throws {
        let n = ThankYouDraftTests.note
        let notes = [
            n(.remark, "the spring warehouse opening", nil, nil, true, nil, Fixture.laptop, 1),
            n(.strongPoint, "my dispatch years", nil, nil, true, nil, Fixture.laptop, 2),
            n(.strongPoint, "the routing spreadsheet, which cut late deliveries", nil, nil, true, nil, Fixture.laptop, 3),
            n(.strongPoint, "my forklift safety record", nil, nil, true, nil, Fixture.laptop, 4),
            n(.strongPoint, "My dispatch years", nil, nil, true, nil, Fixture.laptop, 5),
            n(.remark, "the night-shift bonus", nil, ThankYouDraftTests.anaID, true, nil, Fixture.laptop, 6),
            n(.weakAnswer, "certification", "I have booked the course", nil, true, nil, Fixture.laptop, 7),
            n(.weakAnswer, "pallet jacks", "I have booked the course.", nil, true, nil, Fixture.laptop, 8),
            n(.weakAnswer, "overtime", "I am glad to work weekends", nil, true, nil, Fixture.laptop, 9),
            n(.contribution, "cover the Saturday shift", nil, nil, true, nil, Fixture.laptop, 10),
            n(.contribution, "train new drivers", nil, nil, true, nil, Fixture.laptop, 11),
        ]
        let draft = try Self.draft(notes)
        #expect(
            Self.paragraphs(draft) == [
                "\(Self.thanks) I especially enjoyed hearing about the night-shift bonus.",
                "I was glad to have the chance to tell you about my dispatch years; the routing spreadsheet, which cut late deliveries; and my forklift safety record. \(Self.match)",
                "I would also like to add that I have booked the course. I would also add that I am glad to work weekends.",
                Self.interest(contributing: "cover the Saturday shift and train new drivers"),
            ]
        )
        #expect(draft.warnings.isEmpty, "\(draft.warnings)")
        #expect(draft.toMention.map(\.reason) == [.oneRemarkIsEnough], "the other remark is listed, as not needed: \(draft.toMention)")
    }

    @Test("the notes' order is the order they were made, whatever order they are given in")
    func order() throws {
        let n = ThankYouDraftTests.note
        let first = n(.strongPoint, "my dispatch years", nil, nil, true, nil, Fixture.laptop, 1)
        let second = n(.strongPoint, "my safety record", nil, nil, true, nil, Fixture.laptop, 2)
        #expect(try Self.draft([second, first]).body == Self.draft([first, second]).body)
        #expect(try Self.draft([second, first]).body.contains("about my dispatch years and my safety record."))
    }

    @Test(
        "a name typed in lower case is written as a name; a name with capitals is kept",
        arguments: [
            ("jenna ortiz", "Dear Jenna Ortiz,"), ("ms. jenna ortiz-vega", "Dear Ms. Ortiz-Vega,"), ("Ana de la Cruz", "Dear Ana de la Cruz,"),
        ]
    )
    func names(name: String, salutation: String) throws {
        var edit = Edit()
        edit.set(Interviewer.Field.name, text: name)
        let person = try #require(
            Interviewer(
                EntityState(
                    creating: Change(id: UUID(), creating: .interviewer, entity: UUID(), owner: Fixture.seeker, at: Fixture.at(1), edit: edit)
                )
            )
        )
        let draft = try Self.draft([], recipient: person)
        #expect(draft.body.contains("\n\(salutation)\n"), "\(draft.body)")
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

    @Test("a draft warns when the seeker's name is not set, and an email when the interviewer's address is unknown")
    func missingDetails() throws {
        let unnamed = Sender(name: "ana", nameIsSet: false)
        let letter = try Self.draft([Self.n(.strongPoint, "my dispatch experience", nil, nil, true, nil, Fixture.laptop, 1)], sender: unnamed)
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
