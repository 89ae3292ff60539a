import FollowUpCore
import FollowUpProtocol
import Foundation
import Mustache

/// What the templates show, built from the records. Plain values: Mustache reads them by name.
enum WebViews {
    struct User {
        var displayName: String
        var role: String
        var csrf: String
    }

    // MARK: Caseload

    struct CaseloadRow {
        var id: String
        var name: String
        var username: String
        var interviews: Int
        var overdue: Int
        /// Mustache shows a section for any number, 0 included: this is what the page tests.
        var hasOverdue: Bool
        var dueThisWeek: Int
        var idleDays: Int?
        var idle: String
        var rowClass: String
    }

    struct Column {
        var label: String
        var link: String
        var sorted: Bool
        var direction: String
    }

    enum Sort: String, CaseIterable {
        case name, interviews, overdue, due, idle

        var label: String {
            switch self {
            case .name: "Seeker"
            case .interviews: "Interviews"
            case .overdue: "Overdue"
            case .due: "Due this week"
            case .idle: "Last activity"
            }
        }
    }

    /// One row per seeker: interviews, overdue follow-ups, follow-ups due in the next seven days,
    /// and days since anything of theirs changed.
    static func caseloadRows(owners: [VisibleOwner], summaries: [UUID: CaseloadSummaries.Summary], today: LocalDate, now: Date) -> [CaseloadRow] {
        let weekEnd = today.adding(days: 6)
        return owners.map { owner in
            let summary = summaries[owner.id]
            var overdue = 0
            var due = 0
            for task in summary?.openFollowUps ?? [] {
                switch FollowUp.urgency(isOpen: true, earliest: task.earliest, latest: task.latest, snoozedUntil: task.snoozedUntil, on: today) {
                case .overdue: overdue += 1
                case .due: due += 1
                case .upcoming: if let earliest = task.earliest, earliest <= weekEnd { due += 1 }
                case .closed, .snoozed: break
                }
            }
            let idleDays = summary?.lastChanged.map { max(0, Int(now.timeIntervalSince1970 - Double($0.millis) / 1000) / 86_400) }
            return CaseloadRow(
                id: owner.id.lowercased,
                name: owner.displayName,
                username: owner.username,
                interviews: summary?.interviews ?? 0,
                overdue: overdue,
                hasOverdue: overdue > 0,
                dueThisWeek: due,
                idleDays: idleDays,
                idle: idleDays.map { $0 == 0 ? "today" : $0 == 1 ? "1 day ago" : "\($0) days ago" } ?? "never",
                rowClass: overdue > 0 ? "overdue" : ""
            )
        }
    }

    static func sorted(_ rows: [CaseloadRow], by sort: Sort) -> [CaseloadRow] {
        rows.sorted { a, b in
            let byName = (a.name.lowercased(), a.username) < (b.name.lowercased(), b.username)
            switch sort {
            case .name: return byName
            case .interviews: return a.interviews != b.interviews ? a.interviews > b.interviews : byName
            case .overdue: return a.overdue != b.overdue ? a.overdue > b.overdue : byName
            case .due: return a.dueThisWeek != b.dueThisWeek ? a.dueThisWeek > b.dueThisWeek : byName
            case .idle: return (a.idleDays ?? .max) != (b.idleDays ?? .max) ? (a.idleDays ?? .max) > (b.idleDays ?? .max) : byName
            }
        }
    }

    // MARK: Timeline

    struct Note {
        var id: String
        var text: String
        var addition: String?
        /// Who wrote it and from which device ("Carla Diaz on office").
        var author: String
        /// Kept out of any letter by the seeker.
        var isPrivate: Bool
    }

    struct NoteGroup {
        var label: String
        var notes: [Note]
    }

    struct FollowUpItem {
        var id: String
        var title: String
        var window: String
        var status: String
        var urgency: String
        var urgencyClass: String
        var isOpen: Bool
        var isCall: Bool
    }

    /// The thank-you: the seeker's saved letter, or the first version the notes make.
    struct Draft {
        var text: String
        var warnings: [String]
        var warningCount: Int
        var hasWarnings: Bool
        /// Notes the letter does not say, for the seeker to work in.
        var toMention: [String]
        var hasMentions: Bool
        /// Whether the text is the saved letter (else a draft not saved yet).
        var isSaved: Bool
        /// "Sent by email on 2026-12-08T10:00:00Z", once sent.
        var sent: String?
        /// The interviewer it is written to (id), for its forms.
        var recipient: String
        var mailto: String
        var emlLink: String
    }

    /// A kind's sentence in the letter, as the note form shows it.
    struct Frame {
        var label: String
        var template: String
        var example: String
    }

    struct InterviewItem {
        var id: String
        var owner: String
        var title: String
        var when: String
        var location: String?
        var status: String?
        /// Held (or past it): the thank-you and call are planned.
        var isHeld: Bool
        var interviewers: [String]
        var hasInterviewers: Bool
        var noteGroups: [NoteGroup]
        var followUps: [FollowUpItem]
        var hasFollowUps: Bool
        var draft: Draft?
        var kinds: [Kind]
        var frames: [Frame]
        var pending: PendingView?
    }

    struct Kind {
        var value: String
        var label: String
        var selected: Bool
    }

    /// A note being previewed in its interview's form, as the seeker wrote it, with what the letter
    /// would say.
    struct PendingNote {
        var interview: UUID
        var kind: DebriefNote.Kind
        var text: String
        var addition: String
        var isPrivate: Bool

        /// "In the letter: …", or why it would not be in it.
        var result: String {
            if isPrivate { return "Private: this note will not be in any letter." }
            guard let frame = LetterFrame.of(kind) else { return "A \(kind.label) note is for you and your counselor: it is not in the letter." }
            let words = kind == .weakAnswer || kind == .concern ? addition : text
            guard !words.isEmpty else { return "With nothing to add, this \(kind.label) is not in the letter." }
            let prefix = kind == .concern ? "A concern stays out of the letter unless you let it in; then it would say: " : "In the letter: "
            switch LetterWording(words, framed: true, frame: frame) {
            case let .fill(fill): return prefix + frame.sentence(fill)
            case let .sentence(sentence): return prefix + sentence
            case let .unplaced(_, reason): return "Not in the letter (\(reason)): it would be listed beside the letter to mention."
            }
        }
    }

    /// What the preview shows in the form: the note as written and the result.
    struct PendingView {
        var text: String
        var addition: String
        var result: String
        var isPrivate: Bool
    }

    struct Due {
        var items: [FollowUpItem]
    }

    /// The kinds the note form offers, in the guided debrief's order.
    static let noteKinds = DebriefNote.Kind.debrief

    /// A seeker's interviews, newest first, each with its people, notes by kind, follow-ups and
    /// thank-you draft; and the open follow-ups due or overdue.
    /// The forms in them take their CSRF token from the page (Mustache looks a name up through the
    /// enclosing sections).
    ///
    /// `authors` names the devices that wrote the notes: a note written on a device of any account
    /// but the seeker's (a counselor's) is shown with its author and never reaches the letter.
    static func timeline(
        owner: VisibleOwner,
        states: [EntityState],
        authors: [ReplicaID: ReplicaAuthor],
        viewerIsCounselor: Bool,
        pending: PendingNote? = nil,
        today: LocalDate
    ) -> (interviews: [InterviewItem], due: Due?) {
        let live = states.filter { !$0.isDeleted }
        let letters = Dictionary(live.compactMap(Letter.init).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let kinds = (viewerIsCounselor ? [DebriefNote.Kind.comment] : []) + noteKinds
        let frames = [DebriefNote.Kind.strongPoint, .contribution, .weakAnswer, .remark].compactMap { kind in
            LetterFrame.of(kind).map {
                Frame(
                    label: kind == .weakAnswer ? "Weak answer or concern (what to add)" : kind.label.capitalizedFirst,
                    template: $0.template,
                    example: $0.example
                )
            }
        }
        let interviewers = Dictionary(live.compactMap(Interviewer.init).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let notes = Dictionary(grouping: live.compactMap(DebriefNote.init), by: { $0.interviewID })
        let followUps = Dictionary(grouping: live.compactMap(FollowUp.init), by: { $0.interviewID })
        let unknown = LocalDate(daysSinceEpoch: 0)
        let interviews = live.compactMap(Interview.init).sorted { a, b in
            (a.date ?? unknown) != (b.date ?? unknown) ? (a.date ?? unknown) > (b.date ?? unknown) : UUID.precedes(b.id, a.id)
        }
        var dueItems: [(LocalDate, FollowUpItem)] = []
        let items = interviews.map { interview -> InterviewItem in
            let people = interview.interviewerIDs.compactMap { interviewers[$0] }
            let own = notes[interview.id] ?? []
            let groups = (noteKinds + [.comment]).compactMap { kind -> NoteGroup? in
                let ofKind = own.filter { $0.kind == kind && $0.text != nil }
                guard !ofKind.isEmpty else { return nil }
                return NoteGroup(
                    label: kind == .comment ? "Comments" : kind.label.capitalizedFirst,
                    notes: ofKind.map { note in
                        let author = note.writtenBy.flatMap { authors[$0] }.map { "\($0.name) on \($0.device)" } ?? "\(owner.displayName)"
                        return Note(
                            id: note.id.lowercased,
                            text: note.text ?? "",
                            addition: note.addition,
                            author: author,
                            isPrivate: note.inLetter == false
                        )
                    }
                )
            }
            let tasks = (followUps[interview.id] ?? []).sorted { a, b in
                (a.latest ?? unknown) != (b.latest ?? unknown) ? (a.latest ?? unknown) < (b.latest ?? unknown) : UUID.precedes(a.id, b.id)
            }
            let taskItems = tasks.map { task in
                let item = followUpItem(task, interview: interview, interviewers: interviewers, today: today)
                switch task.urgency(on: today) {
                case .overdue, .due: dueItems.append((task.latest ?? today, item))
                case .closed, .snoozed, .upcoming: break
                }
                return item
            }
            let thankYou = tasks.first { $0.kind == .thankYou && $0.isOpen } ?? tasks.first { $0.kind == .thankYou }
            let draft = thankYou.map { task -> Draft in
                let recipient = task.recipientID.flatMap { interviewers[$0] } ?? people.first
                let letter = WebThankYou(
                    interview: interview,
                    recipient: recipient,
                    channel: task.channel ?? .email,
                    notes: own,
                    letters: letters,
                    owner: owner,
                    authors: authors,
                    today: today
                )
                let (composed, saved, email) = (letter.composed, letter.saved, letter.email)
                let recipientID = recipient?.id.lowercased ?? ""
                return Draft(
                    text: letter.text,
                    warnings: composed.warnings.map(\.description),
                    warningCount: composed.warnings.count,
                    hasWarnings: !composed.warnings.isEmpty,
                    toMention: composed.toMention.map(\.description),
                    hasMentions: !composed.toMention.isEmpty,
                    isSaved: saved != nil,
                    sent: saved?.sentAt.map { "Sent \(saved?.sentVia?.label ?? "") on \($0)" },
                    recipient: recipientID,
                    mailto: email.mailto,
                    emlLink: "/web/letters/\(interview.id.lowercased)/thank-you.eml" + (recipientID.isEmpty ? "" : "?to=\(recipientID)")
                )
            }
            var when = interview.date.map { $0.weekdayAndDay + ", \($0.year)" } ?? "no date"
            if let time = interview.time { when += " at \(time)" + (interview.timeZone.map { " (\($0.identifier))" } ?? "") }
            return InterviewItem(
                id: interview.id.lowercased,
                owner: owner.id.lowercased,
                title: interview.title,
                when: when,
                location: interview.location,
                status: interview.status?.rawValue,
                isHeld: interview.status.map { $0 != .scheduled } ?? false,
                interviewers: people.map { $0.name ?? "unnamed" },
                hasInterviewers: !people.isEmpty,
                noteGroups: groups,
                followUps: taskItems,
                hasFollowUps: !taskItems.isEmpty,
                draft: draft,
                kinds: kinds.map { kind in
                    Kind(
                        value: kind.rawValue,
                        label: kind.label.capitalizedFirst,
                        selected: pending?.interview == interview.id && pending?.kind == kind
                    )
                },
                frames: frames,
                pending: pending.flatMap { note in
                    note.interview == interview.id
                        ? PendingView(text: note.text, addition: note.addition, result: note.result, isPrivate: note.isPrivate) : nil
                }
            )
        }
        let due = dueItems.sorted { $0.0 < $1.0 }.map(\.1)
        return (items, due.isEmpty ? nil : Due(items: due))
    }

    static func followUpItem(
        _ task: FollowUp,
        interview: Interview,
        interviewers: [UUID: Interviewer],
        today: LocalDate
    ) -> FollowUpItem {
        var title = CalendarDocument.taskTitle(kind: task.kind, channel: task.channel)
        if let name = task.recipientID.flatMap({ interviewers[$0]?.name }) { title += " to \(name)" }
        let window: String =
            switch (task.earliest, task.latest) {
            case let (earliest?, latest?) where earliest == latest: "on \(latest.shortText)"
            case let (earliest?, latest?): "\(earliest.shortText) – \(latest.shortText)"
            case let (nil, latest?): "by \(latest.shortText)"
            case let (earliest?, nil): "from \(earliest.shortText)"
            case (nil, nil): "no dates"
            }
        let urgency = task.urgency(on: today)
        let urgencyClass: String =
            switch urgency {
            case .overdue: "overdue"
            case .due: "due"
            case .closed: "closed"
            case .snoozed, .upcoming: "upcoming"
            }
        return FollowUpItem(
            id: task.id.lowercased,
            title: title + " (\(interview.title))",
            window: window,
            status: task.status?.rawValue ?? "planned",
            urgency: urgency.label,
            urgencyClass: urgencyClass,
            isOpen: task.isOpen,
            isCall: task.kind == .call
        )
    }
}

extension String {
    /// "strong point" → "Strong point".
    fileprivate var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}

// The caseload's rows are rendered by the hundred: looked up by name directly, not through
// `Mirror`, which the templates otherwise use to read a value's properties.

extension WebViews.CaseloadRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "name": self.name
        case "username": username
        case "interviews": interviews
        case "overdue": overdue
        case "hasOverdue": hasOverdue
        case "dueThisWeek": dueThisWeek
        case "idle": idle
        case "rowClass": rowClass
        default: nil
        }
    }
}
