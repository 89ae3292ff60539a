import FollowUpTestSupport
import Testing

@testable import FollowUpCore

@Suite("Hybrid logical clock")
struct HybridLogicalClockTests {
    let replica = ReplicaID(rawValue: 0xA)
    let other = ReplicaID(rawValue: 0xB)

    @Test("follows the wall clock when it moves forward")
    func followsWallClock() {
        var clock = HybridLogicalClock(replica: replica)
        #expect(clock.tick(wallMillis: 1_000) == Timestamp(millis: 1_000, counter: 0, replica: replica))
        #expect(clock.tick(wallMillis: 5_000) == Timestamp(millis: 5_000, counter: 0, replica: replica))
    }

    @Test("stays monotonic when the wall clock stands still or jumps backwards")
    func monotonicWhenWallClockGoesBack() {
        var clock = HybridLogicalClock(replica: replica)
        let first = clock.tick(wallMillis: 10_000)
        let same = clock.tick(wallMillis: 10_000)
        let back = clock.tick(wallMillis: 4_000)
        let stillBack = clock.tick(wallMillis: 9_999)
        #expect(first < same && same < back && back < stillBack)
        #expect(back == Timestamp(millis: 10_000, counter: 2, replica: replica))
        // When the wall clock passes the logical time again, the counter resets.
        #expect(clock.tick(wallMillis: 10_001) == Timestamp(millis: 10_001, counter: 0, replica: replica))
    }

    @Test("a long backwards jump over many ticks never repeats or reorders")
    func manyTicksBackwards() {
        var clock = HybridLogicalClock(replica: replica)
        var previous = clock.tick(wallMillis: 1_000_000)
        var generator = SeededGenerator(seed: PropertySeed.base)
        for _ in 0..<100_000 {
            let wall = UInt64.random(in: 0...1_000_050, using: &generator)
            let next = clock.tick(wallMillis: wall)
            #expect(next > previous)
            previous = next
        }
    }

    @Test("a full counter borrows the next millisecond")
    func counterOverflow() {
        var clock = HybridLogicalClock(replica: replica, last: Timestamp(millis: 7, counter: .max, replica: replica))
        #expect(clock.tick(wallMillis: 7) == Timestamp(millis: 8, counter: 0, replica: replica))
    }

    @Test("receive moves past a remote timestamp, so the next local write orders after it")
    func receiveAdvances() throws {
        var clock = HybridLogicalClock(replica: replica)
        _ = clock.tick(wallMillis: 1_000)
        let remote = Timestamp(millis: 1_200, counter: 5, replica: other)
        try clock.receive(remote, wallMillis: 1_100)
        let next = clock.tick(wallMillis: 1_100)
        #expect(next > remote)
        #expect(next.replica == replica)
        // An older remote timestamp changes nothing but the counter.
        try clock.receive(Timestamp(millis: 10, counter: 0, replica: other), wallMillis: 1_100)
        #expect(clock.tick(wallMillis: 1_100) > next)
    }

    @Test("a remote timestamp more than five minutes ahead is refused and not adopted")
    func refusesFarFuture() throws {
        var clock = HybridLogicalClock(replica: replica)
        let wall: UInt64 = 1_700_000_000_000
        let before = clock.tick(wallMillis: wall)
        let farAhead = Timestamp(millis: wall + 5 * 60 * 1000 + 1, counter: 0, replica: other)
        #expect(throws: ClockError.self) { try clock.receive(farAhead, wallMillis: wall) }
        do {
            try clock.receive(farAhead, wallMillis: wall)
        } catch {
            #expect(error == .tooFarAhead(remote: farAhead, aheadByMillis: 300_001, maximumDriftMillis: 300_000))
            #expect(error.description.contains("5 min"))
        }
        #expect(clock.last == before, "a refused timestamp must not move the clock")
        // Exactly at the limit is accepted.
        try clock.receive(Timestamp(millis: wall + 300_000, counter: 0, replica: other), wallMillis: wall)
        #expect(clock.last.millis == wall + 300_000)
    }

    @Test("the drift limit is configurable")
    func configurableDrift() {
        var clock = HybridLogicalClock(replica: replica, maximumDriftMillis: 1_000)
        #expect(throws: ClockError.self) {
            try clock.receive(Timestamp(millis: 2_001, counter: 0, replica: other), wallMillis: 1_000)
        }
        #expect(throws: Never.self) {
            try clock.receive(Timestamp(millis: 2_000, counter: 0, replica: other), wallMillis: 1_000)
        }
    }

    @Test("a restored clock keeps its replica id and continues after the saved timestamp")
    func restoredClock() {
        var clock = HybridLogicalClock(replica: replica, last: Timestamp(millis: 50, counter: 3, replica: other))
        #expect(clock.tick(wallMillis: 10) == Timestamp(millis: 50, counter: 4, replica: replica))
    }
}
