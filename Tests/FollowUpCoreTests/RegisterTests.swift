import FollowUpCoreFixtures
import Testing

@testable import FollowUpCore

@Suite("Last-writer-wins register with history")
struct RegisterTests {
    @Test("the latest write holds the field; earlier ones stay in history, in order")
    func latestWins() {
        var register = Register(FieldWrite(value: "a", at: Fixture.at(10)))
        #expect(register.merge(FieldWrite(value: "c", at: Fixture.at(30))) == .won)
        #expect(register.merge(FieldWrite(value: "b", at: Fixture.at(20))) == .lost)
        #expect(register.current.value == "c")
        #expect(register.history.map(\.value) == ["a", "b"])
    }

    @Test("merging a write twice changes nothing")
    func idempotent() {
        var register = Register(FieldWrite(value: "a", at: Fixture.at(10)))
        register.merge(FieldWrite(value: "b", at: Fixture.at(20)))
        let before = register
        #expect(register.merge(FieldWrite(value: "a", at: Fixture.at(10))) == .duplicate)
        #expect(register.merge(FieldWrite(value: "b", at: Fixture.at(20))) == .duplicate)
        #expect(register == before)
    }

    @Test("equal millis and counter: the greater replica id wins, on every replica")
    func replicaBreaksTies() {
        let fromLaptop = FieldWrite(value: "laptop", at: Fixture.at(10, Fixture.laptop))
        let fromDesktop = FieldWrite(value: "desktop", at: Fixture.at(10, Fixture.desktop))
        var one = Register(fromLaptop)
        one.merge(fromDesktop)
        var two = Register(fromDesktop)
        two.merge(fromLaptop)
        #expect(one == two)
        #expect(one.current.value == "desktop")
    }

    @Test("two different writes with the same timestamp still merge deterministically")
    func faultyDuplicateTimestamps() {
        let first = FieldWrite(value: "x", at: Fixture.at(10))
        let second = FieldWrite(value: "y", at: Fixture.at(10))
        var one = Register(first)
        one.merge(second)
        var two = Register(second)
        two.merge(first)
        #expect(one == two)
        #expect(one.writes.count == 2)
    }

    @Test("a value replaced without being seen is flagged as lost to a concurrent edit")
    func concurrentReplacementIsFlagged() {
        let original = FieldWrite(value: "Analyst", at: Fixture.at(10))
        // The desktop saw "Analyst" and changed it: a deliberate edit.
        let deliberate = FieldWrite(value: "Data analyst", at: Fixture.at(20, Fixture.desktop), base: original.at)
        // The laptop also started from "Analyst", without seeing the desktop's edit.
        let concurrent = FieldWrite(value: "Senior analyst", at: Fixture.at(30, Fixture.laptop), base: original.at)
        guard var register = Register(writes: [original, deliberate, concurrent]) else {
            Issue.record("no register")
            return
        }
        #expect(register.current == concurrent)
        #expect(register.replacedConcurrently(original) == false)
        #expect(register.replacedConcurrently(deliberate) == true)
        register.merge(FieldWrite(value: "Lead analyst", at: Fixture.at(40), base: concurrent.at))
        #expect(register.replacedConcurrently(concurrent) == false)
    }
}
