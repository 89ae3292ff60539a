import ArgumentParser
import FollowUpCore
import FollowUpProtocol
import FollowUpWire
import Foundation

/// Why the wire coding is hand-written: the same pull page decoded by the codec the client uses and
/// by Foundation's `JSONDecoder`, in one run.
///
/// The page holds the entity states of a merge workload (interviews with several fields and the
/// values concurrent edits replaced). The codec builds the conflict-free states themselves (parsed
/// timestamps, registers, sets); `JSONDecoder` only fills a `Decodable` mirror of the same JSON
/// (timestamps left as strings, values as a generic JSON enum), so its figure is a lower bound for
/// a Codable client, which would still have to build the states afterwards.
struct CodecBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codec",
        abstract: "Decode one pull page with the wire codec and with JSONDecoder, and compare."
    )

    @Option(help: "Entity states in the page.")
    var entities = 20_000

    @Option(help: "Field changes merged into them (four fields per change).")
    var fields = 200_000

    @Option(help: "Timed repetitions of each decoder; medians are reported.")
    var repetitions = 7

    @Option(help: "Seed for the generated changes.")
    var seed: UInt64 = 42

    func validate() throws {
        guard entities >= 1, fields >= 4, repetitions >= 1 else {
            throw ValidationError("--entities and --repetitions must be at least 1, --fields at least 4")
        }
    }

    func run() throws {
        var store = EntityStore()
        for change in MergeBenchmark.generate(fields: fields, entities: entities, seed: seed) { try store.apply(change) }
        let page = Self.page(of: store.entities.values.sorted { $0.id.uuidString < $1.id.uuidString })

        var codecTimes: [Double] = []
        var foundationTimes: [Double] = []
        var decodedByCodec = 0
        var decodedByFoundation = 0
        // Alternating, so drift in the machine's speed falls on both alike.
        for _ in 0..<repetitions {
            codecTimes.append(
                try Self.seconds { decodedByCodec = try PullResponse.decode(json: page).entities.count }
            )
            foundationTimes.append(
                try Self.seconds { decodedByFoundation = try JSONDecoder().decode(MirrorPage.self, from: page).entities.count }
            )
        }
        guard decodedByCodec == store.entities.count, decodedByFoundation == store.entities.count else {
            throw ValidationError("decoded \(decodedByCodec) and \(decodedByFoundation) states of \(store.entities.count)")
        }
        let codec = Sample(codecTimes).median
        let foundation = Sample(foundationTimes).median
        let megabytes = Double(page.count) / 1_000_000
        print("codec: one pull page of \(store.entities.count) entity states, \(String(format: "%.1f", megabytes)) MB of JSON")
        print(String(format: "  wire codec (builds the states)       median %.3f s  %6.1f MB/s", codec, megabytes / codec))
        print(String(format: "  JSONDecoder (into a Decodable mirror) median %.3f s  %6.1f MB/s", foundation, megabytes / foundation))
        print(String(format: "  the codec takes %.2f× JSONDecoder's time", codec / foundation))
    }

    /// A pull response as the server writes it: the states, in one page.
    static func page(of states: [EntityState]) -> Data {
        var writer = JSONWriter(capacity: states.count * 512)
        writer.raw("{\"cursor\":\"benchmark\",\"hasMore\":false,\"entities\":[")
        for (index, state) in states.enumerated() {
            if index > 0 { writer.byte(UInt8(ascii: ",")) }
            state.write(to: &writer)
        }
        writer.raw("],\"removedOwners\":[],\"people\":[],\"replicas\":[]}")
        return writer.data
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        try ContinuousClock().measure(body).seconds
    }
}

/// The pull page's JSON as plain `Decodable` types: what a Codable client would decode first.
private struct MirrorPage: Decodable {
    var cursor: String
    var hasMore: Bool
    var entities: [MirrorState]
    var removedOwners: [UUID]
}

private struct MirrorState: Decodable {
    var type: String
    var id: UUID
    var owner: UUID
    var writes: [MirrorWrite]?
    var sets: [String: AnyJSON]?
}

private struct MirrorWrite: Decodable {
    var at: String
    var set: [String: AnyJSON]
    var base: [String: String]?
}

/// Any JSON value.
private enum AnyJSON: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([AnyJSON])
    case object([String: AnyJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Strings first: nearly every value is one, and each failed attempt costs a thrown error.
        if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode([AnyJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: AnyJSON].self))
        }
    }
}
