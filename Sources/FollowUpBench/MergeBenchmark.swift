import ArgumentParser
import FollowUpCore
import Foundation

/// Merge throughput of the core: how many field writes per second one replica folds in.
///
/// Three replicas each produce a stream of changes to a shared pool of interviews (four fields
/// per change, timestamps from their own skewed clocks). The streams are interleaved the way a
/// server receives them from three clients and merged into one store. Generating the changes is
/// not timed; merging them is.
struct MergeBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge 1,000,000 field changes from 3 replicas and report field merges per second."
    )

    @Option(help: "Field changes to merge in total.")
    var fields = 1_000_000

    @Option(help: "Distinct entities the changes touch.")
    var entities = 10_000

    @Option(help: "Timed repetitions; the median is reported.")
    var repetitions = 5

    @Option(help: "Seed for the generated changes.")
    var seed: UInt64 = 42

    func validate() throws {
        guard fields >= 4, entities >= 1, repetitions >= 1 else {
            throw ValidationError("--fields must be at least 4, --entities and --repetitions at least 1")
        }
    }

    func run() throws {
        let changes = Self.generate(fields: fields, entities: entities, seed: seed)
        let fieldCount = changes.reduce(0) { $0 + $1.set.count }
        var timings: [Double] = []
        var histories = 0
        for _ in 0..<repetitions {
            let clock = ContinuousClock()
            var store = EntityStore()
            let elapsed = try clock.measure {
                for change in changes { try store.apply(change) }
            }
            timings.append(Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
            histories = store.entities.values.reduce(0) { total, state in
                total + state.registers.values.reduce(0) { $0 + $1.history.count }
            }
        }
        timings.sort()
        let median = timings[timings.count / 2]
        let rate = Double(fieldCount) / median
        print("merge: \(changes.count) changes, \(fieldCount) field writes, \(entities) entities, 3 replicas")
        print(String(format: "  median %.3f s (min %.3f, max %.3f) over %d runs", median, timings[0], timings[timings.count - 1], repetitions))
        print(String(format: "  %.0f field merges/s", rate))
        print("  values kept in history: \(histories)")
        print("  peak resident memory: \(ResidentMemory.peakMegabytes().map { String(format: "%.0f MB", $0) } ?? "unknown")")
    }

    /// Three replicas' change streams, interleaved round-robin.
    static func generate(fields: Int, entities: Int, seed: UInt64) -> [Change] {
        var generator = SplitMix64(seed: seed)
        let owner = UUID(uuidString: "00000000-0000-4000-8000-000000000001") ?? UUID()
        let ids = (0..<entities).map { _ in UUID.seeded(&generator) }
        let names = ["company", "position", "date", "location", "status", "format", "decisionDate", "timeZone"]
        var clocks = (1...3).map { HybridLogicalClock(replica: ReplicaID(rawValue: UInt64($0))) }
        var wall: UInt64 = 1_800_000_000_000
        var streams: [[Change]] = [[], [], []]
        let changeCount = fields / 4
        for index in 0..<changeCount {
            let replica = index % 3
            wall += UInt64.random(in: 0...1, using: &generator)
            let at = clocks[replica].tick(wallMillis: wall + UInt64(replica) * 3)
            var set: [String: FieldValue] = [:]
            let start = Int.random(in: 0..<names.count, using: &generator)
            for offset in 0..<4 {
                set[names[(start + offset) % names.count]] = .string("value \(index) \(offset)")
            }
            streams[replica].append(
                Change(
                    id: UUID.seeded(&generator),
                    type: .interview,
                    entity: ids[Int.random(in: 0..<entities, using: &generator)],
                    owner: owner,
                    at: at,
                    set: set
                )
            )
        }
        var merged: [Change] = []
        merged.reserveCapacity(changeCount)
        let longest = streams.map(\.count).max() ?? 0
        for index in 0..<longest {
            for stream in streams where index < stream.count { merged.append(stream[index]) }
        }
        return merged
    }
}

/// SplitMix64, so generated workloads are identical run to run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension UUID {
    static func seeded(_ generator: inout some RandomNumberGenerator) -> UUID {
        let high = generator.next()
        let low = generator.next()
        var bytes = withUnsafeBytes(of: (high, low)) { Array($0) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        )
    }
}
