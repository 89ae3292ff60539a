import FollowUpCore
import Foundation

/// The thank-you for one interview and recipient as the web page shows it and downloads it: the
/// seeker's saved letter when there is one, else the first version the notes make; the seeker's
/// own notes only, never a counselor's.
struct WebThankYou {
    /// What the notes make now, for its warnings and what it leaves to mention.
    var composed: ThankYouDraft
    /// The saved letter, when there is one with text.
    var saved: Letter?
    /// The letter as an email message (`.eml`, `mailto:`).
    var email: ThankYouEmail

    /// The text that is sent.
    var text: String { saved?.body ?? composed.body }

    init(
        interview: Interview,
        recipient: Interviewer?,
        channel: FollowUp.Channel,
        notes: [DebriefNote],
        letters: [UUID: Letter],
        owner: VisibleOwner,
        authors: [ReplicaID: ReplicaAuthor],
        today: LocalDate
    ) {
        let sender = Sender(name: owner.displayName)
        composed = ThankYouComposer.compose(
            interview: interview,
            recipient: recipient,
            notes: notes,
            sender: sender,
            channel: channel,
            date: today,
            othersReplicas: Set(authors.filter { $0.value.account != owner.id }.keys)
        )
        saved = letters[Letter.id(interview: interview.id, recipient: recipient?.id)].flatMap { $0.body == nil ? nil : $0 }
        email = ThankYouEmail(subject: saved?.subject ?? composed.subject, body: saved?.body ?? composed.body, sender: sender, recipient: recipient)
    }
}
