public import Foundation

/// Plans the follow-ups of an interview once it has been held, as the after-interview advice says:
///
/// - a **thank-you to each interviewer**, due within one working day: a **letter by mail** when it
///   would arrive before the employer's decision date (mailed on the last day of its window, plus a
///   transit of a few working days), otherwise an **email**, because timing is critical;
/// - a **phone call** in the window from the 5th to the 7th working day after the interview.
///
/// Working days skip weekends and holidays. Days are counted from the day after the interview,
/// whatever day that was: an interview on a Saturday or a holiday has the next working day as its
/// first working day after. Planned follow-ups get ids derived from the interview and recipient,
/// so two devices planning the same interview offline create the same records, not duplicates.
public struct FollowUpPlanner: Hashable, Sendable {
    public var calendar: WorkingCalendar
    /// Working days a letter takes to arrive.
    public var mailTransitWorkingDays: Int
    /// The thank-you goes out within this many working days after the interview.
    public var thankYouWithinWorkingDays: Int
    /// The call is made between these working days after the interview.
    public var callWindow: ClosedRange<Int>

    public init(
        calendar: WorkingCalendar = WorkingCalendar(),
        mailTransitWorkingDays: Int = 2,
        thankYouWithinWorkingDays: Int = 1,
        callWindow: ClosedRange<Int> = 5...7
    ) {
        self.calendar = calendar
        self.mailTransitWorkingDays = max(0, mailTransitWorkingDays)
        self.thankYouWithinWorkingDays = max(0, thankYouWithinWorkingDays)
        self.callWindow = max(0, callWindow.lowerBound)...max(0, callWindow.upperBound)
    }

    /// The follow-ups for `interview`, held on `heldOn`, with its interviewers in the order given
    /// (the first is the one to call). With no interviewer noted, one thank-you goes to the hiring team.
    public func plan(interview: Interview, heldOn: LocalDate, interviewers: [Interviewer]) -> [PlannedFollowUp] {
        let recipients: [Interviewer?] = interviewers.isEmpty ? [nil] : interviewers
        let thankYous = recipients.map { thankYou(interview: interview, heldOn: heldOn, recipient: $0) }
        return thankYous + [call(interview: interview, heldOn: heldOn, recipient: interviewers.first)]
    }

    func thankYou(interview: Interview, heldOn: LocalDate, recipient: Interviewer?) -> PlannedFollowUp {
        let latest = calendar.workingDay(thankYouWithinWorkingDays, after: heldOn)
        let arrival = calendar.workingDay(mailTransitWorkingDays, after: latest)
        let hasAddress = recipient?.address != nil || interview.location.map(Interview.isPostalAddress) == true
        let channel: FollowUp.Channel
        let rationale: String
        switch (interview.decisionDate, hasAddress) {
        case (_, false):
            channel = .email
            rationale = "email: no mailing address is noted for \(recipient?.displayName ?? "the employer")"
        case let (decision?, true) where arrival >= decision:
            channel = .email
            rationale =
                "email, because timing is critical: a letter mailed by \(latest) would arrive around \(arrival), "
                + "not before the decision on \(decision)"
        case let (decision?, true):
            channel = .mail
            rationale = "a letter by mail: mailed by \(latest) it arrives around \(arrival), before the decision on \(decision)"
        case (nil, true):
            channel = .mail
            rationale = "a letter by mail: no decision date was given, so there is time for the mail"
        }
        let name = "thank-you:" + (recipient?.id.lowercased ?? "hiring-team")
        return PlannedFollowUp(
            id: UUID.nameBased(namespace: interview.id, name: name),
            kind: .thankYou,
            channel: channel,
            recipientID: recipient?.id,
            earliest: heldOn,
            latest: latest,
            rationale: rationale
        )
    }

    func call(interview: Interview, heldOn: LocalDate, recipient: Interviewer?) -> PlannedFollowUp {
        let earliest = calendar.workingDay(callWindow.lowerBound, after: heldOn)
        let latest = calendar.workingDay(callWindow.upperBound, after: heldOn)
        var rationale =
            "a follow-up call \(callWindow.lowerBound) to \(callWindow.upperBound) working days after the interview, "
            + "to restate your interest"
        if let decision = interview.decisionDate, decision < earliest {
            rationale += "; note that the decision date (\(decision)) comes before this window"
        }
        return PlannedFollowUp(
            id: UUID.nameBased(namespace: interview.id, name: "call"),
            kind: .call,
            channel: .phone,
            recipientID: recipient?.id,
            earliest: earliest,
            latest: latest,
            rationale: rationale
        )
    }
}

/// A follow-up the planner proposes, before it becomes an entity.
public struct PlannedFollowUp: Hashable, Sendable, Identifiable {
    public let id: UUID
    public let kind: FollowUp.Kind
    public let channel: FollowUp.Channel
    public let recipientID: UUID?
    public let earliest: LocalDate
    public let latest: LocalDate
    public let rationale: String

    /// The fields of the follow-up entity that carries out this plan.
    public func edit(interviewID: UUID) -> Edit {
        var edit = Edit()
        edit.set(FollowUp.Field.interview, id: interviewID)
        edit.set(FollowUp.Field.kind, kind)
        edit.set(FollowUp.Field.channel, channel)
        if let recipientID { edit.set(FollowUp.Field.recipient, id: recipientID) }
        edit.set(FollowUp.Field.earliest, date: earliest)
        edit.set(FollowUp.Field.latest, date: latest)
        edit.set(FollowUp.Field.status, FollowUp.Status.planned)
        edit.set(FollowUp.Field.rationale, text: rationale)
        return edit
    }
}
