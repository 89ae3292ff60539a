import Foundation

/// SplitMix64: a tiny, fast generator whose whole state is one seed, so any failing schedule can
/// be replayed exactly from the seed its failure message prints.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The first seed of a property run: `FOLLOWUP_SEED` from the environment to replay a failure,
/// otherwise a fixed value so the normal run is repeatable.
public enum PropertySeed {
    public static var base: UInt64 {
        ProcessInfo.processInfo.environment["FOLLOWUP_SEED"].flatMap { UInt64($0) } ?? 20_261_128
    }

    /// How many schedules to run: `FOLLOWUP_SCHEDULES` from the environment, or `standard`.
    public static func count(standard: Int) -> Int {
        ProcessInfo.processInfo.environment["FOLLOWUP_SCHEDULES"].flatMap { Int($0) } ?? standard
    }
}
