import FollowUpCoreFixtures
import Foundation
import Testing

@testable import FollowUpCore

@Suite("Entity state")
struct EntityStateTests {
    @Test("edits of different fields from two replicas both survive")
    func differentFieldsMerge() throws {
        let create = Fixture.change(10, set: ["company": "Acme", "position": "Analyst", "date": "2026-11-20"])
        var laptop = EntityState(creating: create)
        var desktop = laptop
        try laptop.apply(Fixture.change(20, Fixture.laptop, set: ["position": "Data analyst"]))
        try desktop.apply(Fixture.change(21, Fixture.desktop, set: ["date": "2026-11-23"]))
        var merged = laptop
        try merged.merge(desktop)
        var reversed = desktop
        try reversed.merge(laptop)
        #expect(merged == reversed)
        #expect(merged.string("position") == "Data analyst")
        #expect(merged.string("date") == "2026-11-23")
        #expect(merged.string("company") == "Acme")
    }

    @Test("a later edit restores a deleted record; an older one cannot resurrect it")
    func deletionIsAField() throws {
        var state = EntityState(creating: Fixture.change(10, set: ["company": "Acme"]))
        try state.apply(Fixture.change(30, set: [EntityState.deletedField: true]))
        try state.apply(Fixture.change(20, Fixture.desktop, set: [EntityState.deletedField: false]))
        #expect(state.isDeleted, "an edit older than the deletion must not bring the record back")
        try state.apply(Fixture.change(40, Fixture.desktop, set: [EntityState.deletedField: false]))
        #expect(!state.isDeleted)
        #expect(state.string("company") == "Acme", "deleting keeps the fields, so restoring loses nothing")
    }

    @Test("a change that disagrees on owner or type is refused whole")
    func identityIsFixed() throws {
        var state = EntityState(creating: Fixture.change(10, set: ["company": "Acme"]))
        let before = state
        #expect(throws: MergeError.ownerMismatch(entity: Fixture.entity, expected: Fixture.seeker, got: Fixture.otherSeeker)) {
            try state.apply(Fixture.change(20, owner: Fixture.otherSeeker, set: ["company": "Evil"]))
        }
        #expect(throws: MergeError.self) {
            try state.apply(Fixture.change(20, type: .note, set: ["company": "Evil"]))
        }
        #expect(throws: MergeError.self) {
            try state.apply(Fixture.change(20, entity: UUID(), set: ["company": "Evil"]))
        }
        #expect(state == before)
    }

    @Test("an edit records what it replaced and removes only what it saw")
    func editFillsBaseAndTags() throws {
        let create = Change(
            id: UUID(),
            creating: .interview,
            entity: Fixture.entity,
            owner: Fixture.seeker,
            at: Fixture.at(10),
            edit: Edit(set: ["company": "Acme"], add: ["tags": ["remote", "urgent"]])
        )
        #expect(create.base.isEmpty)
        let state = EntityState(creating: create)
        let change = Change(
            id: UUID(),
            editing: state,
            at: Fixture.at(20),
            edit: Edit(set: ["company": "Acme", "position": "Analyst"], remove: ["tags": ["urgent", "absent"]])
        )
        #expect(change.set == ["position": "Analyst"], "a field set to its current value is left out")
        #expect(change.base.isEmpty)
        #expect(change.remove == ["tags": ["urgent": [Fixture.at(10)]]])
        let renamed = Change(id: UUID(), editing: state, at: Fixture.at(30), edit: Edit(set: ["company": "Acme Corp"]))
        #expect(renamed.base == ["company": Fixture.at(10)])
    }

    @Test("the last change is the greatest timestamp anywhere in the entity")
    func lastChanged() throws {
        var state = EntityState(creating: Fixture.change(10, set: ["company": "Acme"]))
        try state.apply(Fixture.change(25, add: ["tags": ["remote"]]))
        try state.apply(Fixture.change(20, set: ["position": "Analyst"]))
        #expect(state.lastChanged == Fixture.at(25))
    }
}
