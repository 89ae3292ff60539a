import FollowUpTestSupport
import Foundation
import Testing

@testable import FollowUpCore

@Suite("Time-ordered change ids")
struct TimeOrderedIDTests {
    @Test("ids follow their stamps: increasing as text and as bytes, across counter and millisecond boundaries")
    func ordered() {
        let seed = PropertySeed.base
        var generator = SeededGenerator(seed: seed)
        let replica = ReplicaID(rawValue: 0xA)
        var stamps: [Timestamp] = []
        for millis: UInt64 in [1, 1_795_000_000_000, Timestamp.maximumMillis - 1] {
            for counter: UInt16 in [0, 1, 0xF, 0x10, 0xFF, 0x100, 0xFFF, 0x1000, 0xFFFE, 0xFFFF] {
                stamps.append(Timestamp(millis: millis, counter: counter, replica: replica))
            }
        }
        let ids = stamps.map { UUID.timeOrdered(at: $0, using: &generator) }
        for (earlier, later) in zip(ids, ids.dropFirst()) {
            #expect(earlier.lowercased < later.lowercased, "seed \(seed)")
            #expect(withUnsafeBytes(of: earlier.uuid) { a in withUnsafeBytes(of: later.uuid) { b in a.lexicographicallyPrecedes(b) } })
        }
    }

    @Test("version 7 and the RFC 9562 variant; the stamp's milliseconds read back from the id; the rest random")
    func layout() throws {
        var generator = SeededGenerator(seed: PropertySeed.base)
        let stamp = Timestamp(millis: 0x0123_4567_89AB, counter: 0xCDEF, replica: ReplicaID(rawValue: 1))
        let first = UUID.timeOrdered(at: stamp, using: &generator)
        let second = UUID.timeOrdered(at: stamp, using: &generator)
        #expect(first.lowercased.hasPrefix("01234567-89ab-7cde-"))
        let variant = try #require(first.lowercased.dropFirst(19).first)
        #expect("89ab".contains(variant))
        #expect(first != second)
        #expect(first.lowercased.prefix(20) == second.lowercased.prefix(20))  // only the random tail differs
    }
}
