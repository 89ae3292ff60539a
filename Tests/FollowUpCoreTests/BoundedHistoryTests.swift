import FollowUpCoreFixtures
import FollowUpTestSupport
import Testing

@testable import FollowUpCore

@Suite("A register keeps the latest values and lets older ones go")
struct BoundedHistoryTests {
    private static let kept = Register.keptWrites

    @Test("a field edited 100 times keeps the current value and 20 before it, and remembers what it let go")
    func keepsTheLatest() throws {
        var register = Register(FieldWrite(value: "v1", at: Fixture.at(1)))
        for edit in 2...100 { register.merge(FieldWrite(value: .string("v\(edit)"), at: Fixture.at(UInt64(edit)))) }
        #expect(register.writes.count == Self.kept)
        #expect(register.current.value == "v100")
        #expect(register.history.first?.value == .string("v\(100 - Self.kept + 1)"))
        #expect(register.forgotten == Fixture.at(UInt64(100 - Self.kept)))
    }

    @Test("a late write older than everything kept is let go at once, wherever it arrives")
    func lateOldWriteIsForgotten() {
        var register = Register(FieldWrite(value: "v1", at: Fixture.at(100)))
        for edit in 101...130 { register.merge(FieldWrite(value: "new", at: Fixture.at(UInt64(edit)))) }
        let before = register
        #expect(register.merge(FieldWrite(value: "offline for a month", at: Fixture.at(50, Fixture.desktop))) == .forgotten)
        #expect(register == before)
    }

    @Test("a write that falls off the end as it arrives is reported forgotten, not kept")
    func insertedThenTrimmed() {
        var register = Register(FieldWrite(value: "v", at: Fixture.at(10)))
        for edit in 1..<Self.kept { register.merge(FieldWrite(value: "v", at: Fixture.at(UInt64(10 + edit)))) }
        #expect(register.writes.count == Self.kept && register.forgotten == nil)
        #expect(register.merge(FieldWrite(value: "older", at: Fixture.at(5))) == .forgotten)
        #expect(register.forgotten == Fixture.at(5))
        #expect(register.merge(FieldWrite(value: "between", at: Fixture.at(11, Fixture.desktop))) == .lost)
        #expect(register.forgotten == Fixture.at(10))
        #expect(register.writes.count == Self.kept)
    }

    @Test("forgetting never empties a register: the current value stays")
    func currentStays() {
        var register = Register(FieldWrite(value: "only", at: Fixture.at(10)))
        register.forget(through: Fixture.at(99))
        #expect(register.current.value == "only")
    }

    @Test(
        "replicas that saw the same writes in any order, by write or by register, hold equal registers",
        arguments: [1, 2, 3, 42, 1_000, 65_537] as [UInt64]
    )
    func convergesUnderTrimming(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let replicas = [Fixture.laptop, Fixture.desktop]
        let writes = (0..<120).map { index in
            FieldWrite(
                value: .string("value \(index)"),
                at: Fixture.at(UInt64.random(in: 1...80, using: &generator), replicas[Int.random(in: 0...1, using: &generator)])
            )
        }
        // Three replicas each see a random share of the writes, in their own order, then exchange
        // whole registers in different orders.
        var shares: [[FieldWrite]] = [[], [], []]
        for write in writes { shares[Int.random(in: 0...2, using: &generator)].append(write) }
        let registers = try shares.map { share in try #require(Register(writes: share.shuffled(using: &generator))) }
        var oneWay = registers[0]
        oneWay.merge(registers[1])
        oneWay.merge(registers[2])
        var otherWay = registers[2]
        otherWay.merge(registers[0])
        otherWay.merge(registers[1])
        var byWrite = try #require(Register(writes: writes.shuffled(using: &generator)))
        byWrite.merge(oneWay)
        let direct = try #require(Register(writes: writes))
        #expect(oneWay == otherWay, "seed \(seed)")
        #expect(oneWay == direct, "seed \(seed)")
        #expect(byWrite == direct, "seed \(seed)")
        #expect(direct.writes.count <= Self.kept)
        // What is kept is the latest of everything written.
        let latest = writes.map(\.at).max()
        #expect(direct.current.at == latest)
    }
}
