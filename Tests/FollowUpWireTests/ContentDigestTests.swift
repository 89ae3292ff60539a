import FollowUpCore
import FollowUpCoreFixtures
import FollowUpTestSupport
import FollowUpWire
import Foundation
import Testing

/// The digest that tells a retried change from a change id reused for other content: equal for the
/// same change however its JSON is laid out, different when any part of it differs.
@Suite("Change content digest")
struct ContentDigestTests {
    /// A change with something in every part: values of every kind, a base, set additions and removals.
    static func rich(_ generator: inout SeededGenerator) -> Change {
        let word = { (generator: inout SeededGenerator) in "w\(UInt32.random(in: 0...999, using: &generator))" }
        var set: [String: FieldValue] = [:]
        for index in 0..<Int.random(in: 1...8, using: &generator) {
            let value: FieldValue =
                switch index % 6 {
                case 0: .string(word(&generator) + " é \"quoted\" \\ \n")
                case 1: .number(Double(Int.random(in: -1000...1000, using: &generator)) / 8)
                case 2: .bool(Bool.random(using: &generator))
                case 3: .null
                case 4: .array([.string(word(&generator)), .number(1), .array([])])
                default: .object(["b": .string(word(&generator)), "a": .number(2), "c": .object(["z": .null, "y": .bool(true)])])
                }
            set["field\(index)"] = value
        }
        return Fixture.change(
            UInt64.random(in: 1_700_000_000_000...1_800_000_000_000, using: &generator),
            ReplicaID(rawValue: generator.next()),
            set: set,
            base: ["field0": Fixture.at(1_700_000_000_000)],
            add: ["tags": [word(&generator), word(&generator)]],
            remove: ["skills": [word(&generator): [Fixture.at(1_700_000_000_001), Fixture.at(1_700_000_000_002, Fixture.desktop)]]]
        )
    }

    @Test("the same change read back from JSON with its members shuffled and re-spaced has the same digest")
    func layoutDoesNotCount() throws {
        var generator = SeededGenerator(seed: PropertySeed.base)
        for round in 0..<200 {
            let change = Self.rich(&generator)
            let object = try #require(try JSONSerialization.jsonObject(with: change.jsonData) as? [String: Any], "round \(round)")
            // JSONSerialization writes its dictionaries in its own order, with its own spacing and escapes.
            let relaid = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .withoutEscapingSlashes])
            let decoded = try Change.decode(json: relaid)
            #expect(decoded == change, "round \(round), seed \(PropertySeed.base)")
            #expect(decoded.contentDigest == change.contentDigest, "round \(round), seed \(PropertySeed.base)")
        }
    }

    @Test("changing any one part of a change changes its digest")
    func everyPartCounts() {
        var generator = SeededGenerator(seed: PropertySeed.base &+ 1)
        let change = Self.rich(&generator)
        var variants: [(String, Change)] = []
        func variant(_ name: String, _ edit: (inout Change) -> Void) {
            var copy = change
            edit(&copy)
            variants.append((name, copy))
        }
        variant("id") { $0.id = UUID() }
        variant("type") { $0.type = .note }
        variant("entity") { $0.entity = UUID() }
        variant("owner") { $0.owner = Fixture.otherSeeker }
        variant("at") { $0.at = Fixture.at($0.at.millis + 1, $0.at.replica) }
        variant("at's replica") { $0.at = Fixture.at($0.at.millis, Fixture.desktop) }
        variant("a value") { $0.set["field0"] = .string("other") }
        variant("a value's kind") { $0.set["extra"] = .string("1") }
        variant("the same value under another kind") { $0.set["extra"] = .number(1) }
        variant("a field's name") { $0.set["renamed"] = $0.set.removeValue(forKey: "field0") }
        variant("a base") { $0.base["field0"] = Fixture.at(1_700_000_000_009) }
        variant("an addition") { $0.add["tags"]?.append("more") }
        variant("the order of additions") { $0.add["tags"]?.reverse() }
        variant("a removal") { $0.remove["skills"] = [:] }
        variant("a value moved between set and base keys") { $0.base["field1"] = Fixture.at(1_700_000_000_000) }
        var digests = [change.contentDigest]
        for (name, changed) in variants {
            #expect(changed.contentDigest != change.contentDigest, "changing \(name) left the digest as it was")
            digests.append(changed.contentDigest)
        }
        #expect(Set(digests).count == digests.count, "every variant differs from every other")
    }
}
