public import FollowUpCore
public import Foundation
import GRDB

/// The seeker's jobs, as replica transactions: each one stamps, applies and queues its changes.
extension Replica {
    /// Records a new interview, with the people met there.
    @discardableResult
    public func addInterview(owner: UUID, _ input: InterviewInput, interviewers: [InterviewerInput] = []) throws -> UUID {
        guard input.company != nil || input.position != nil else {
            throw ClientError.invalidInput("an interview needs at least a company or a position")
        }
        let id = UUID()
        try write { writer in
            var edit = input.edit
            if input.status == nil { edit.set(Interview.Field.status, Interview.Status.scheduled) }
            try writer.write(.interview, id: id, owner: owner, edit: edit)
            // One addition each, so each gets its own (later) tag: the set then lists them in the
            // order given, and the first one given is the one to call.
            for person in interviewers {
                let personID = UUID()
                try writer.write(.interviewer, id: personID, owner: owner, edit: person.edit)
                try writer.write(.interview, id: id, edit: Edit(add: [Interview.Field.interviewers: [personID.lowercased]]))
            }
        }
        return id
    }

    public func editInterview(_ id: UUID, _ input: InterviewInput) throws {
        try write { writer in
            let state = try writer.existing(id, as: .interview)
            try writer.write(.interview, id: id, edit: input.edit)
            if input.status == .held || (Interview(state)?.status == .held && input.date != nil) {
                _ = try writer.planFollowUps(for: id, heldOn: nil, planner: try Self.settings(writer.db).planner, today: today)
            }
        }
    }

    /// Marks an interview held and plans its follow-ups (thank-yous and the call); returns the
    /// follow-ups created now. Planning again never duplicates: plans have stable ids.
    @discardableResult
    public func markHeld(_ id: UUID, on date: LocalDate? = nil) throws -> [PlannedFollowUp] {
        try write { writer in
            let state = try writer.existing(id, as: .interview)
            var edit = Edit()
            edit.set(Interview.Field.status, Interview.Status.held)
            if Interview(state)?.date == nil { edit.set(Interview.Field.date, date: date ?? today) }
            try writer.write(.interview, id: id, edit: edit)
            return try writer.planFollowUps(for: id, heldOn: date, planner: try Self.settings(writer.db).planner, today: today)
        }
    }

    @discardableResult
    public func addInterviewer(to interviewID: UUID, _ input: InterviewerInput) throws -> UUID {
        guard input.name != nil || input.email != nil else { throw ClientError.invalidInput("an interviewer needs at least a name or an email") }
        let id = UUID()
        try write { writer in
            let interview = try writer.existing(interviewID, as: .interview)
            try writer.write(.interviewer, id: id, owner: interview.owner, edit: input.edit)
            try writer.write(.interview, id: interviewID, edit: Edit(add: [Interview.Field.interviewers: [id.lowercased]]))
            if Interview(interview)?.status == .held {
                _ = try writer.planFollowUps(for: interviewID, heldOn: nil, planner: try Self.settings(writer.db).planner, today: today)
            }
        }
        return id
    }

    public func editInterviewer(_ id: UUID, _ input: InterviewerInput) throws {
        try write { writer in
            _ = try writer.existing(id, as: .interviewer)
            try writer.write(.interviewer, id: id, edit: input.edit)
        }
    }

    public func removeInterviewer(_ interviewerID: UUID, from interviewID: UUID) throws {
        try write { writer in
            let interview = try writer.existing(interviewID, as: .interview)
            guard interview.sets[Interview.Field.interviewers]?.contains(interviewerID.lowercased) == true else {
                throw ClientError.notFound("\(interviewerID.lowercased) is not an interviewer of this interview")
            }
            try writer.write(.interview, id: interviewID, edit: Edit(remove: [Interview.Field.interviewers: [interviewerID.lowercased]]))
        }
    }

    @discardableResult
    public func addNote(
        to interviewID: UUID,
        kind: DebriefNote.Kind,
        text: String,
        addition: String? = nil,
        about interviewerID: UUID? = nil,
        framed: Bool = false,
        inLetter: Bool? = nil
    ) throws -> UUID {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ClientError.invalidInput("a note needs some text") }
        let id = UUID()
        try write { writer in
            let interview = try writer.existing(interviewID, as: .interview)
            var edit = Edit()
            edit.set(DebriefNote.Field.interview, id: interviewID)
            edit.set(DebriefNote.Field.kind, kind)
            edit.set(DebriefNote.Field.text, text: text)
            if let addition { edit.set(DebriefNote.Field.addition, text: addition) }
            if let interviewerID { edit.set(DebriefNote.Field.interviewer, id: interviewerID) }
            if framed { edit.set[DebriefNote.Field.framed] = .bool(true) }
            if let inLetter { edit.set[DebriefNote.Field.inLetter] = .bool(inLetter) }
            try writer.write(.note, id: id, owner: interview.owner, edit: edit)
        }
        return id
    }

    public func editNote(
        _ id: UUID,
        kind: DebriefNote.Kind? = nil,
        text: String? = nil,
        addition: String? = nil,
        framed: Bool? = nil,
        inLetter: Bool?? = nil
    ) throws {
        try write { writer in
            _ = try writer.existing(id, as: .note)
            var edit = Edit()
            if let kind { edit.set(DebriefNote.Field.kind, kind) }
            if let text { edit.set(DebriefNote.Field.text, text: text) }
            if let addition { edit.set(DebriefNote.Field.addition, text: addition) }
            if let framed { edit.set[DebriefNote.Field.framed] = .bool(framed) }
            if let inLetter { edit.set[DebriefNote.Field.inLetter] = inLetter.map(FieldValue.bool) ?? .null }
            try writer.write(.note, id: id, edit: edit)
        }
    }

    public func updateFollowUp(_ id: UUID, _ action: FollowUpAction) throws {
        let now = now()
        let today = today
        try write { writer in
            let state = try writer.existing(id, as: .followUp)
            var edit = Edit()
            switch action {
            // The status and the fields that go with it are written whole (FollowUpState).
            case let .done(outcome):
                edit.set(FollowUpState(.done, doneAt: now.formatted(.iso8601), outcome: outcome))
            case let .attempted(outcome):
                guard FollowUp(state)?.kind == .call else { throw ClientError.invalidInput("only a phone call can be attempted; use done or skip") }
                edit.set(FollowUpState(.attempted, outcome: outcome))
                edit.add[FollowUp.Field.attempts] = [now.formatted(.iso8601)]
            case let .skipped(reason):
                guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ClientError.invalidInput("say why it is skipped") }
                edit.set(FollowUpState(.skipped, reason: reason))
            case let .snoozed(until):
                guard until > today else { throw ClientError.invalidInput("snooze until a day after today (\(today)), not \(until)") }
                edit.set(FollowUp.Field.snoozedUntil, date: until)
            case let .rescheduled(earliest, latest):
                guard earliest <= latest else {
                    throw ClientError.invalidInput("the window must start (\(earliest)) on or before it ends (\(latest))")
                }
                guard latest >= today else { throw ClientError.invalidInput("the new window ends in the past (\(latest)); today is \(today)") }
                edit.set(FollowUp.Field.earliest, date: earliest)
                edit.set(FollowUp.Field.latest, date: latest)
                edit.set(FollowUp.Field.snoozedUntil, date: nil)
            case .drafted:
                edit.set(FollowUpState(.drafted))
            case .reopened:
                edit.set(FollowUpState(.planned))
            }
            try writer.write(.followUp, id: id, edit: edit)
        }
    }

    /// Marks any record deleted (a tombstone: `restore` brings it back with everything it had).
    public func delete(_ id: UUID) throws {
        try write { writer in
            let state = try writer.existing(id, as: nil)
            try writer.write(state.type, id: id, edit: .delete)
        }
    }

    public func restore(_ id: UUID) throws {
        try write { writer in
            let state = try writer.existing(id, as: nil)
            try writer.write(state.type, id: id, edit: .restore)
        }
    }
}

extension ReplicaWriter {
    /// The state of a record that must exist (and be of `type`, when given).
    func existing(_ id: UUID, as type: EntityType?) throws -> EntityState {
        guard let state = try state(of: id) else { throw ClientError.notFound("there is no record \(id.lowercased) on this replica") }
        if let type, state.type != type {
            throw ClientError.invalidInput(
                "\(id.lowercased.prefix(8)) is \(state.type.rawValue.withIndefiniteArticle), not \(type.rawValue.withIndefiniteArticle)"
            )
        }
        return state
    }

    /// Creates the planned follow-ups of a held interview that do not exist yet.
    mutating func planFollowUps(for interviewID: UUID, heldOn: LocalDate?, planner: FollowUpPlanner, today: LocalDate) throws -> [PlannedFollowUp] {
        let state = try existing(interviewID, as: .interview)
        guard let interview = Interview(state) else { return [] }
        let interviewers = try interview.interviewerIDs.compactMap { try self.state(of: $0).flatMap(Interviewer.init) }.filter { !$0.isDeleted }
        let held = interview.date ?? heldOn ?? today
        var created: [PlannedFollowUp] = []
        for plan in planner.plan(interview: interview, heldOn: held, interviewers: interviewers) where try self.state(of: plan.id) == nil {
            try write(.followUp, id: plan.id, owner: state.owner, edit: plan.edit(interviewID: interviewID))
            created.append(plan)
        }
        return created
    }
}
