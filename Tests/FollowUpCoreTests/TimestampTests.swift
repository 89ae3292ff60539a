import FollowUpTestSupport
import Foundation
import Testing

@testable import FollowUpCore

@Suite("Timestamp")
struct TimestampTests {
    let replica = ReplicaID(rawValue: 0x8C1F_0A2B_3C4D_5E6F)

    @Test("the text form is fixed width and round-trips")
    func textForm() throws {
        let timestamp = Timestamp(millis: 0x0192_F3C4_D5E6, counter: 1, replica: replica)
        #expect(timestamp.description == "0192f3c4d5e6-0001-8c1f0a2b3c4d5e6f")
        #expect(Timestamp(timestamp.description) == timestamp)
        let zero = Timestamp.zero(for: ReplicaID(rawValue: 0))
        #expect(zero.description == "000000000000-0000-0000000000000000")
        #expect(zero.description.count == Timestamp.textLength)
    }

    @Test(
        "malformed text is refused",
        arguments: [
            "", "0192f3c4d5e6-0001-8c1f0a2b3c4d5e6", "0192f3c4d5e6-0001-8c1f0a2b3c4d5e6f0",
            "0192F3C4D5E6-0001-8c1f0a2b3c4d5e6f", "0192f3c4d5e6_0001-8c1f0a2b3c4d5e6f",
            "0192f3c4d5e6-00g1-8c1f0a2b3c4d5e6f", "2026-11-28T10:00:00.000Z-0000-8c1f0a2b3c4d",
        ]
    )
    func malformed(text: String) {
        #expect(Timestamp(text) == nil)
    }

    @Test("string order is timestamp order, for 10,000 random pairs")
    func stringOrderMatchesOrder() {
        var generator = SeededGenerator(seed: PropertySeed.base)
        for _ in 0..<10_000 {
            let a = Self.random(using: &generator)
            let b = Self.random(using: &generator)
            #expect((a < b) == (a.description < b.description), "\(a) vs \(b)")
            #expect((a == b) == (a.description == b.description))
        }
    }

    @Test("ordering goes by millis, then counter, then replica")
    func ordering() {
        let low = ReplicaID(rawValue: 1)
        let high = ReplicaID(rawValue: 2)
        #expect(Timestamp(millis: 1, counter: 9, replica: high) < Timestamp(millis: 2, counter: 0, replica: low))
        #expect(Timestamp(millis: 2, counter: 0, replica: high) < Timestamp(millis: 2, counter: 1, replica: low))
        #expect(Timestamp(millis: 2, counter: 1, replica: low) < Timestamp(millis: 2, counter: 1, replica: high))
    }

    @Test("JSON decoding names what is wrong")
    func decodingError() throws {
        let data = Data(#"{"at": "yesterday"}"#.utf8)
        struct Wrapper: Decodable { let at: Timestamp }
        do {
            _ = try JSONDecoder().decode(Wrapper.self, from: data)
            Issue.record("accepted \"yesterday\" as a timestamp")
        } catch let decodingError as DecodingError {
            let error = RecordFormatError(decodingError)
            #expect(error.path == "at")
            #expect(error.reason.contains("expected a timestamp like"))
        }
    }

    static func random(using generator: inout SeededGenerator) -> Timestamp {
        // Small ranges so that equal millis and counters are common.
        Timestamp(
            millis: UInt64.random(in: 0...3, using: &generator) << UInt64.random(in: 0...47, using: &generator),
            counter: UInt16.random(in: 0...2, using: &generator) * (Bool.random(using: &generator) ? 1 : 30_000),
            replica: ReplicaID(rawValue: UInt64.random(in: 0...2, using: &generator) << 62 | UInt64.random(in: 0...3, using: &generator))
        )
    }
}
