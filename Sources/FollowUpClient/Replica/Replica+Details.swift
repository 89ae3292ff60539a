public import FollowUpCore
import FollowUpProtocol
public import Foundation
import GRDB

/// An interview with everything that hangs off it, for `show` and for drafting.
public struct InterviewDetail: Sendable {
    public var interview: Interview
    public var seeker: String?
    public var interviewers: [Interviewer]
    public var notes: [DebriefNote]
    public var followUps: [FollowUpItem]
    /// Who wrote each note (by note id), and from which device.
    public var authors: [UUID: NoteAuthor]
    /// The replicas of accounts other than the seeker's (a counselor's devices): their notes
    /// never reach the seeker's letter.
    public var othersReplicas: Set<ReplicaID>
}

/// Who wrote a note and from which device, as listings show it ("Carla Diaz (office)").
public struct NoteAuthor: Sendable, Equatable, Codable, CustomStringConvertible {
    public var name: String
    public var device: String?
    public var thisDevice: Bool
    /// Whether the author is the seeker whose interview it is.
    public var isSeeker: Bool

    public var description: String {
        let place = thisDevice ? "this device" : device
        return place.map { "\(name) (\($0))" } ?? name
    }
}

extension Replica {
    public func interviewDetail(_ id: UUID) throws -> InterviewDetail {
        let followUps = try followUps(.all, interview: id)
        return try read { db in
            guard let state = try ReplicaStore.state(of: id, in: db), let interview = Interview(state) else {
                throw ClientError.notFound("there is no interview \(id.lowercased) on this replica")
            }
            let interviewers = try interview.interviewerIDs.compactMap { try ReplicaStore.state(of: $0, in: db).flatMap(Interviewer.init) }
                .filter { !$0.isDeleted }
            let noteIDs = try String.fetchAll(db, sql: "SELECT id FROM notes WHERE interview_id = ? AND deleted = 0", arguments: [id.lowercased])
            let notes = try noteIDs.compactMap {
                try UUID(uuidString: $0).flatMap { try ReplicaStore.state(of: $0, in: db) }.flatMap(DebriefNote.init)
            }
            .sorted { (Self.rank($0.kind), $0.text ?? "") < (Self.rank($1.kind), $1.text ?? "") }
            let seeker = try String.fetchOne(db, sql: "SELECT username FROM people WHERE id = ?", arguments: [state.owner.lowercased])
            let (authors, others) = try noteAuthors(notes, owner: state.owner, in: db)
            return InterviewDetail(
                interview: interview,
                seeker: seeker,
                interviewers: interviewers,
                notes: notes,
                followUps: followUps,
                authors: authors,
                othersReplicas: others
            )
        }
    }

    /// Each note's author, from the directory of people and devices the server sends; and the
    /// replicas that write for someone other than `owner` (this device's own, when this replica is
    /// a counselor's).
    private func noteAuthors(_ notes: [DebriefNote], owner: UUID, in db: Database) throws -> ([UUID: NoteAuthor], Set<ReplicaID>) {
        let directory = try directory(db)
        let me = try Self.session(db)?.account
        var others = Set<ReplicaID>()
        for (text, origin) in directory.replicas where origin.account != owner.lowercased {
            if let replica = ReplicaID(hex: text) { others.insert(replica) }
        }
        if let me, me.id != owner { others.insert(replicaID) }
        var authors: [UUID: NoteAuthor] = [:]
        for note in notes {
            guard let replica = note.writtenBy else { continue }
            if replica == replicaID {
                authors[note.id] = NoteAuthor(
                    name: me?.displayName ?? "you",
                    device: nil,
                    thisDevice: true,
                    isSeeker: me.map { $0.id == owner } ?? true
                )
            } else if let origin = directory.replicas[replica.description] {
                authors[note.id] = NoteAuthor(
                    name: directory.people[origin.account] ?? "someone",
                    device: origin.device,
                    thisDevice: false,
                    isSeeker: origin.account == owner.lowercased
                )
            } else {
                authors[note.id] = NoteAuthor(name: "another device", device: nil, thisDevice: false, isSeeker: true)
            }
        }
        return (authors, others)
    }

    /// Notes list in the order the debrief asks its questions.
    static func rank(_ kind: DebriefNote.Kind?) -> Int {
        kind.flatMap { DebriefNote.Kind.allCases.firstIndex(of: $0) } ?? DebriefNote.Kind.allCases.count
    }

    /// The thank-you composed afresh from the notes, to one interviewer (the first, by default), as
    /// a letter or an email: the channel its planned thank-you chose, unless `channel` says otherwise.
    /// ``thankYou(interview:to:channel:fresh:)`` saves it as the seeker's letter.
    func composeThankYou(
        interview id: UUID,
        to recipientID: UUID?,
        channel: FollowUp.Channel?
    ) throws -> (draft: ThankYouDraft, sender: Sender, recipient: Interviewer?, followUp: UUID?) {
        let detail = try interviewDetail(id)
        if let recipientID, !detail.interviewers.contains(where: { $0.id == recipientID }) {
            throw ClientError.notFound("\(recipientID.lowercased.prefix(8)) is not an interviewer of this interview")
        }
        let recipient = recipientID.flatMap { wanted in detail.interviewers.first { $0.id == wanted } } ?? detail.interviewers.first
        let planned = detail.followUps.first { $0.kind == FollowUp.Kind.thankYou.rawValue && $0.status != FollowUp.Status.skipped.rawValue }
        let matching =
            detail.followUps.first { item in
                item.kind == FollowUp.Kind.thankYou.rawValue && recipient?.name != nil && item.recipient == recipient?.name
            } ?? planned
        let chosen = channel ?? matching?.channel.flatMap(FollowUp.Channel.init(rawValue:)) ?? .email
        let followUpID = matching.flatMap { UUID(uuidString: $0.id) }
        let settings = try settings()
        let session = try session()
        let sender = Sender(
            name: settings.senderName ?? session?.account.displayName ?? "Your name",
            nameIsSet: settings.senderName != nil,
            address: settings.senderAddress,
            email: settings.senderEmail,
            phone: settings.senderPhone
        )
        let draft = ThankYouComposer.compose(
            interview: detail.interview,
            recipient: recipient,
            notes: detail.notes,
            sender: sender,
            channel: chosen,
            date: today,
            othersReplicas: detail.othersReplicas
        )
        return (draft, sender, recipient, followUpID)
    }
}
