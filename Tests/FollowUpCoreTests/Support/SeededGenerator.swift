import Foundation

/// SplitMix64: a tiny, fast generator whose whole state is one seed, so any failing schedule can
/// be replayed exactly from the seed its failure message prints.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The first seed of a property run: `FOLLOWUP_SEED` from the environment to replay a failure,
/// otherwise a fixed value so the normal run is repeatable.
enum PropertySeed {
    static var base: UInt64 {
        ProcessInfo.processInfo.environment["FOLLOWUP_SEED"].flatMap { UInt64($0) } ?? 20_261_128
    }

    /// How many schedules to run: `FOLLOWUP_SCHEDULES` from the environment, or `standard`.
    static func count(standard: Int) -> Int {
        ProcessInfo.processInfo.environment["FOLLOWUP_SCHEDULES"].flatMap { Int($0) } ?? standard
    }
}

extension UUID {
    /// A UUID drawn from a seeded generator.
    static func random(using generator: inout some RandomNumberGenerator) -> UUID {
        let high = generator.next()
        let low = generator.next()
        var bytes = withUnsafeBytes(of: (high, low)) { Array($0) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
