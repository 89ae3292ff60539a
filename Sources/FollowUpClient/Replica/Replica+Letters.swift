public import FollowUpCore
public import Foundation
import GRDB

/// The thank-you the seeker owns, with what the notes gave it.
public struct ThankYouLetter: Sendable {
    /// The saved letter: the text that is sent.
    public var letter: Letter
    /// The draft the notes make now, for its warnings and what it leaves to mention.
    public var composed: ThankYouDraft
    public var sender: Sender
    public var recipient: Interviewer?
    /// The planned thank-you follow-up it answers, if any.
    public var followUp: UUID?
    /// Whether the saved text differs from what the notes make now (edited, or notes changed).
    public var differsFromNotes: Bool { letter.body != composed.body || letter.subject != composed.subject }

    /// The letter as an email message (`--eml`, `--mailto`).
    public var email: ThankYouEmail {
        ThankYouEmail(subject: letter.subject, body: letter.body ?? "", sender: sender, recipient: recipient)
    }
}

extension Replica {
    /// The saved thank-you for an interview and recipient (the first interviewer by default): made
    /// from the notes and saved as the first version when there is none yet, or again when `fresh`
    /// asks (the replaced text stays in the record's history). `channel` chooses a letter or an email
    /// for a new version.
    public func thankYou(
        interview id: UUID,
        to recipientID: UUID? = nil,
        channel: FollowUp.Channel? = nil,
        fresh: Bool = false
    ) throws
        -> ThankYouLetter
    {
        let composed = try composeThankYou(interview: id, to: recipientID, channel: channel)
        let letterID = Letter.id(interview: id, recipient: composed.recipient?.id)
        let saved = try read { db in try ReplicaStore.state(of: letterID, in: db) }.flatMap(Letter.init)
        if let saved, !saved.isDeleted, saved.body != nil, !fresh {
            return ThankYouLetter(
                letter: saved,
                composed: composed.draft,
                sender: composed.sender,
                recipient: composed.recipient,
                followUp: composed.followUp
            )
        }
        let state = try write { writer in
            let interview = try writer.existing(id, as: .interview)
            var edit = Edit()
            edit.set(Letter.Field.interview, id: id)
            edit.set(Letter.Field.recipient, id: composed.recipient?.id)
            edit.set(Letter.Field.channel, composed.draft.channel)
            edit.set(Letter.Field.subject, text: composed.draft.subject)
            edit.set[Letter.Field.body] = .string(composed.draft.body)
            return try writer.write(.letter, id: letterID, owner: interview.owner, edit: edit)
        }
        guard let letter = Letter(state) else { throw ClientError.storage("the saved letter \(letterID.lowercased) cannot be read back") }
        return ThankYouLetter(
            letter: letter,
            composed: composed.draft,
            sender: composed.sender,
            recipient: composed.recipient,
            followUp: composed.followUp
        )
    }

    /// Replaces the saved thank-you's text (and subject, when given) with the seeker's own.
    @discardableResult
    public func editThankYou(interview id: UUID, to recipientID: UUID? = nil, body: String, subject: String? = nil) throws -> ThankYouLetter {
        guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ClientError.invalidInput("the letter cannot be empty; to start again from the notes use `followup draft ID --fresh`")
        }
        let current = try thankYou(interview: id, to: recipientID)
        let normalized = body.hasSuffix("\n") ? body : body + "\n"
        let state = try write { writer in
            var edit = Edit()
            edit.set[Letter.Field.body] = .string(normalized)
            if let subject { edit.set(Letter.Field.subject, text: subject) }
            return try writer.write(.letter, id: current.letter.id, edit: edit)
        }
        guard let letter = Letter(state) else { throw ClientError.storage("the saved letter cannot be read back") }
        var edited = current
        edited.letter = letter
        return edited
    }

    /// Records that the thank-you went out, when and how, and marks its follow-up done.
    @discardableResult
    public func markThankYouSent(
        interview id: UUID,
        to recipientID: UUID? = nil,
        via delivery: Letter.Delivery,
        at instant: Date? = nil
    )
        throws -> ThankYouLetter
    {
        let current = try thankYou(interview: id, to: recipientID)
        let sentAt = (instant ?? now()).formatted(.iso8601)
        let state = try write { writer in
            var edit = Edit()
            edit.set(Letter.Field.sentAt, text: sentAt)
            edit.set(Letter.Field.sentVia, delivery)
            return try writer.write(.letter, id: current.letter.id, edit: edit)
        }
        if let followUp = current.followUp {
            try updateFollowUp(followUp, .done(outcome: "thank-you sent \(delivery.label)"))
        }
        guard let letter = Letter(state) else { throw ClientError.storage("the saved letter cannot be read back") }
        var sent = current
        sent.letter = letter
        return sent
    }
}
