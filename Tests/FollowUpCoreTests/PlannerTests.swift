import FollowUpCoreFixtures
import Foundation
import Testing

@testable import FollowUpCore

@Suite("Follow-up planner")
struct PlannerTests {
    static let owner = Fixture.seeker

    static func interview(date: String, decision: String? = nil, location: String? = "1 Main St, Springfield") -> Interview? {
        var edit = Edit()
        edit.set(Interview.Field.company, text: "Acme")
        edit.set(Interview.Field.position, text: "Data analyst")
        edit.set(Interview.Field.date, date: Fixture.date(date))
        edit.set(Interview.Field.location, text: location)
        if let decision { edit.set(Interview.Field.decisionDate, date: Fixture.date(decision)) }
        let change = Change(id: UUID(), creating: .interview, entity: Fixture.entity, owner: owner, at: Fixture.at(1), edit: edit)
        return Interview(EntityState(creating: change))
    }

    static func interviewer(_ name: String, address: String? = nil) -> Interviewer? {
        var edit = Edit()
        edit.set(Interviewer.Field.name, text: name)
        edit.set(Interviewer.Field.address, text: address)
        let change = Change(id: UUID(), creating: .interviewer, entity: UUID(), owner: owner, at: Fixture.at(1), edit: edit)
        return Interviewer(EntityState(creating: change))
    }

    @Test("a weekday interview: thank-you to each interviewer within a working day, call on working days 5 to 7")
    func weekdayInterview() throws {
        let interview = try #require(Self.interview(date: "2026-11-23"))
        let ana = try #require(Self.interviewer("Ana Ruiz"))
        let ben = try #require(Self.interviewer("Ben Ode"))
        let plan = FollowUpPlanner().plan(interview: interview, heldOn: Fixture.date("2026-11-23"), interviewers: [ana, ben])
        #expect(plan.count == 3)
        let thankYous = plan.filter { $0.kind == .thankYou }
        #expect(thankYous.map(\.recipientID) == [ana.id, ben.id])
        #expect(thankYous.allSatisfy { $0.earliest.description == "2026-11-23" && $0.latest.description == "2026-11-24" })
        #expect(thankYous.allSatisfy { $0.channel == .mail }, "no decision date: there is time for a letter")
        let call = try #require(plan.first { $0.kind == .call })
        #expect(call.channel == .phone)
        #expect(call.recipientID == ana.id)
        #expect(call.earliest.description == "2026-11-30")
        #expect(call.latest.description == "2026-12-02")
    }

    @Test("decision date tomorrow: the thank-you is an email, because the letter would arrive too late")
    func decisionTomorrow() throws {
        let interview = try #require(Self.interview(date: "2026-11-23", decision: "2026-11-24"))
        let plan = FollowUpPlanner().plan(interview: interview, heldOn: Fixture.date("2026-11-23"), interviewers: [])
        let thankYou = try #require(plan.first { $0.kind == .thankYou })
        #expect(thankYou.channel == .email)
        #expect(thankYou.rationale.contains("timing is critical"))
        #expect(thankYou.recipientID == nil, "no interviewer noted: one thank-you to the hiring team")
    }

    @Test("the letter must arrive before the decision day, not on it")
    func mailArrivalBoundary() throws {
        // Mailed by Tue 11-24, two working days of transit: arrives Thu 11-26.
        let onTheDay = try #require(Self.interview(date: "2026-11-23", decision: "2026-11-26"))
        let dayAfter = try #require(Self.interview(date: "2026-11-23", decision: "2026-11-27"))
        let planner = FollowUpPlanner()
        let held = Fixture.date("2026-11-23")
        #expect(planner.plan(interview: onTheDay, heldOn: held, interviewers: []).first?.channel == .email)
        #expect(planner.plan(interview: dayAfter, heldOn: held, interviewers: []).first?.channel == .mail)
        var slowMail = planner
        slowMail.mailTransitWorkingDays = 5
        #expect(slowMail.plan(interview: dayAfter, heldOn: held, interviewers: []).first?.channel == .email)
    }

    @Test("no mailing address anywhere: email")
    func noAddress() throws {
        let interview = try #require(Self.interview(date: "2026-11-23", location: nil))
        let ana = try #require(Self.interviewer("Ana Ruiz"))
        let withAddress = try #require(Self.interviewer("Ben Ode", address: "2 Side St"))
        let plan = FollowUpPlanner().plan(interview: interview, heldOn: Fixture.date("2026-11-23"), interviewers: [ana, withAddress])
        #expect(plan[0].channel == .email)
        #expect(plan[1].channel == .mail)
    }

    @Test("an interview on a Saturday counts from Monday")
    func saturdayInterview() throws {
        let interview = try #require(Self.interview(date: "2026-11-28"))
        let plan = FollowUpPlanner().plan(interview: interview, heldOn: Fixture.date("2026-11-28"), interviewers: [])
        #expect(plan[0].earliest.description == "2026-11-28")
        #expect(plan[0].latest.description == "2026-11-30")
        #expect(plan[1].earliest.description == "2026-12-04")
        #expect(plan[1].latest.description == "2026-12-08")
    }

    @Test("an interview on a holiday, and windows across the year end")
    func holidayAndYearEnd() throws {
        let holidays: Set<LocalDate> = [Fixture.date("2026-12-25"), Fixture.date("2027-01-01")]
        let planner = FollowUpPlanner(calendar: WorkingCalendar(holidays: holidays))
        let christmas = try #require(Self.interview(date: "2026-12-25"))
        let plan = planner.plan(interview: christmas, heldOn: Fixture.date("2026-12-25"), interviewers: [])
        #expect(plan[0].latest.description == "2026-12-28")
        #expect(plan[1].earliest.description == "2027-01-04", "12-28..31 are 1 to 4, New Year's Day is skipped")
        #expect(plan[1].latest.description == "2027-01-06")

        let newYearsEve = try #require(Self.interview(date: "2026-12-30"))
        let late = planner.plan(interview: newYearsEve, heldOn: Fixture.date("2026-12-30"), interviewers: [])
        #expect(late[0].latest.description == "2026-12-31")
        #expect(late[1].earliest.description == "2027-01-07")
        #expect(late[1].latest.description == "2027-01-11")
    }

    @Test("planning twice, on two devices, yields the same ids")
    func deterministicIDs() throws {
        let interview = try #require(Self.interview(date: "2026-11-23"))
        let ana = try #require(Self.interviewer("Ana Ruiz"))
        let first = FollowUpPlanner().plan(interview: interview, heldOn: Fixture.date("2026-11-23"), interviewers: [ana])
        let second = FollowUpPlanner().plan(interview: interview, heldOn: Fixture.date("2026-11-23"), interviewers: [ana])
        #expect(first.map(\.id) == second.map(\.id))
        #expect(Set(first.map(\.id)).count == first.count)
    }

    @Test("a plan becomes a follow-up entity with the planned fields")
    func planToEntity() throws {
        let interview = try #require(Self.interview(date: "2026-11-23"))
        let planned = FollowUpPlanner().plan(interview: interview, heldOn: Fixture.date("2026-11-23"), interviewers: [])[1]
        let change = Change(
            id: UUID(),
            creating: .followUp,
            entity: planned.id,
            owner: Self.owner,
            at: Fixture.at(2),
            edit: planned.edit(interviewID: interview.id)
        )
        let followUp = try #require(FollowUp(EntityState(creating: change)))
        #expect(followUp.kind == .call)
        #expect(followUp.status == .planned)
        #expect(followUp.interviewID == interview.id)
        #expect(followUp.earliest == planned.earliest)
        #expect(followUp.urgency(on: Fixture.date("2026-11-24")) == .upcoming(inDays: 6))
        #expect(followUp.urgency(on: Fixture.date("2026-12-01")) == .due)
        #expect(followUp.urgency(on: Fixture.date("2026-12-04")) == .overdue(days: 2))
    }

    @Test("urgency: snoozed, done, skipped, attempted")
    func urgency() throws {
        var edit = Edit()
        edit.set(FollowUp.Field.kind, FollowUp.Kind.call)
        edit.set(FollowUp.Field.earliest, date: Fixture.date("2026-11-30"))
        edit.set(FollowUp.Field.latest, date: Fixture.date("2026-12-02"))
        edit.set(FollowUp.Field.status, FollowUp.Status.attempted)
        edit.set(FollowUp.Field.snoozedUntil, date: Fixture.date("2026-12-05"))
        var state = EntityState(
            creating: Change(id: UUID(), creating: .followUp, entity: UUID(), owner: Self.owner, at: Fixture.at(1), edit: edit)
        )
        var followUp = try #require(FollowUp(state))
        #expect(followUp.isOpen, "an attempted call stays open")
        #expect(followUp.urgency(on: Fixture.date("2026-12-01")) == .snoozed(until: Fixture.date("2026-12-05")))
        #expect(followUp.urgency(on: Fixture.date("2026-12-05")) == .overdue(days: 3))
        try state.apply(Change(id: UUID(), editing: state, at: Fixture.at(2), edit: Edit(set: [FollowUp.Field.status: "done"])))
        followUp = try #require(FollowUp(state))
        #expect(followUp.urgency(on: Fixture.date("2026-12-05")) == .closed)
        try state.apply(Change(id: UUID(), editing: state, at: Fixture.at(3), edit: Edit(set: [FollowUp.Field.status: "escalated"])))
        followUp = try #require(FollowUp(state))
        #expect(followUp.status == nil)
        #expect(followUp.isOpen, "a status from a newer client does not silently close the task")
    }
}
