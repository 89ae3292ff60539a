import FollowUpCore

/// What a record's rows in `entities` and in its type's listing table hold, worked out from its
/// state alone.
///
/// Pure and `Sendable`: a pulled page's rows are worked out on the thread that decoded the page,
/// while the previous page merges, so the transaction that merges it only binds and writes.
struct ProjectionRow: Sendable {
    let id: String
    let owner: String
    let type: EntityType
    let isDeleted: Bool
    let lastChangedMillis: Int64
    let columns: Columns

    enum Columns: Sendable {
        case interview(InterviewColumns)
        case interviewer(InterviewerColumns)
        case note(NoteColumns)
        case followUp(FollowUpColumns)
        /// A type this version does not know: kept and relayed, not listed.
        case none
    }

    struct InterviewColumns: Sendable {
        var company, position, date, time, timeZone, format, location, decisionDate, status: String?
        /// Interviewer ids in the order they were added (the first is the one to call).
        var interviewers: [String]
    }

    struct InterviewerColumns: Sendable {
        var name, title, email, phone, address: String?
    }

    struct NoteColumns: Sendable {
        var interview, kind, text, addition, interviewer: String?
    }

    struct FollowUpColumns: Sendable {
        var interview, kind, channel, recipient, earliest, latest, status, snoozedUntil, doneAt, outcome, reason: String?
        var attempts: Int
        /// Open unless done or skipped (an unknown status counts as open), as `FollowUp.isOpen` says.
        var isOpen: Bool
    }

    init(_ state: EntityState) {
        id = state.id.lowercased
        owner = state.owner.lowercased
        type = state.type
        isDeleted = state.isDeleted
        lastChangedMillis = Int64(state.lastChanged?.millis ?? 0)
        switch state.type {
        case .interview:
            typealias Field = Interview.Field
            columns = .interview(
                InterviewColumns(
                    company: state.text(Field.company),
                    position: state.text(Field.position),
                    date: state.string(Field.date),
                    time: state.string(Field.time),
                    timeZone: state.string(Field.timeZone),
                    format: state.string(Field.format),
                    location: state.text(Field.location),
                    decisionDate: state.string(Field.decisionDate),
                    status: state.string(Field.status),
                    interviewers: (state.sets[Field.interviewers]?.presentInOrderAdded ?? []).map { $0.lowercased() }
                )
            )
        case .interviewer:
            typealias Field = Interviewer.Field
            columns = .interviewer(
                InterviewerColumns(
                    name: state.text(Field.name),
                    title: state.text(Field.title),
                    email: state.text(Field.email),
                    phone: state.text(Field.phone),
                    address: state.text(Field.address)
                )
            )
        case .note:
            typealias Field = DebriefNote.Field
            columns = .note(
                NoteColumns(
                    interview: state.string(Field.interview)?.lowercased(),
                    kind: state.string(Field.kind),
                    text: state.text(Field.text),
                    addition: state.text(Field.addition),
                    interviewer: state.string(Field.interviewer)?.lowercased()
                )
            )
        case .followUp:
            typealias Field = FollowUp.Field
            let status = state.string(Field.status)
            columns = .followUp(
                FollowUpColumns(
                    interview: state.string(Field.interview)?.lowercased(),
                    kind: state.string(Field.kind),
                    channel: state.string(Field.channel),
                    recipient: state.string(Field.recipient)?.lowercased(),
                    earliest: state.string(Field.earliest),
                    latest: state.string(Field.latest),
                    status: status,
                    snoozedUntil: state.string(Field.snoozedUntil),
                    doneAt: state.text(Field.doneAt),
                    outcome: state.text(Field.outcome),
                    reason: state.text(Field.reason),
                    attempts: state.sets[Field.attempts]?.present.count ?? 0,
                    isOpen: !state.isDeleted && FollowUp.Status(rawValue: status ?? "")?.isOpen ?? true
                )
            )
        default:
            columns = .none
        }
    }
}
