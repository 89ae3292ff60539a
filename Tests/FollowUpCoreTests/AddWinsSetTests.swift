import FollowUpCoreFixtures
import Testing

@testable import FollowUpCore

@Suite("Add-wins observed-remove set")
struct AddWinsSetTests {
    @Test("concurrent additions of different elements both survive")
    func concurrentAdditions() {
        var laptop = AddWinsSet()
        laptop.add("ana", tag: Fixture.at(10, Fixture.laptop))
        var desktop = AddWinsSet()
        desktop.add("ben", tag: Fixture.at(11, Fixture.desktop))
        var merged = laptop
        merged.merge(desktop)
        #expect(merged.present == ["ana", "ben"])
    }

    @Test("an addition concurrent with a removal wins")
    func addWins() {
        var base = AddWinsSet()
        base.add("ana", tag: Fixture.at(10))
        var remover = base
        remover.remove("ana", tags: base.observedTags(of: "ana"), at: Fixture.at(20, Fixture.laptop))
        var adder = base
        adder.add("ana", tag: Fixture.at(15, Fixture.desktop))
        var one = remover
        one.merge(adder)
        var two = adder
        two.merge(remover)
        #expect(one == two)
        #expect(one.contains("ana"))
    }

    @Test("a removal removes only the additions its replica had seen")
    func removesOnlyObserved() {
        var set = AddWinsSet()
        set.add("remote", tag: Fixture.at(10))
        let seen = set.observedTags(of: "remote")
        set.add("remote", tag: Fixture.at(12, Fixture.desktop))
        set.remove("remote", tags: seen, at: Fixture.at(20))
        #expect(set.contains("remote"))
        set.remove("remote", tags: set.observedTags(of: "remote"), at: Fixture.at(21))
        #expect(!set.contains("remote"))
    }

    @Test("an addition that arrives after its own removal stays removed")
    func lateAdditionStaysRemoved() {
        let tag = Fixture.at(10)
        var early = AddWinsSet()
        early.remove("x", tags: [tag], at: Fixture.at(20))
        early.add("x", tag: tag)
        var ordered = AddWinsSet()
        ordered.add("x", tag: tag)
        ordered.remove("x", tags: [tag], at: Fixture.at(20))
        #expect(!early.contains("x"))
        #expect(early == ordered)
    }

    @Test("two removals of the same addition keep the earliest removal, whatever the order")
    func earliestRemovalKept() {
        let tag = Fixture.at(10)
        var one = AddWinsSet()
        one.add("x", tag: tag)
        var two = one
        one.remove("x", tags: [tag], at: Fixture.at(30))
        one.remove("x", tags: [tag], at: Fixture.at(20))
        two.remove("x", tags: [tag], at: Fixture.at(20))
        two.remove("x", tags: [tag], at: Fixture.at(30))
        #expect(one == two)
        #expect(one.elements["x"]?.removed[tag] == Fixture.at(20))
    }
}
