public import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562) for the change stamped `stamp`: its milliseconds, then its
    /// counter, then random bits. One replica's changes get increasing ids, so the server's index
    /// of every change id ever pushed grows at its end; random ids would have each push rewrite
    /// leaves all over it, an index that only grows.
    public static func timeOrdered(at stamp: Timestamp, using generator: inout some RandomNumberGenerator) -> UUID {
        let millis = min(stamp.millis, Timestamp.maximumMillis)
        let counter = stamp.counter
        let random = generator.next()
        let ordered = (
            UInt8(truncatingIfNeeded: millis >> 40), UInt8(truncatingIfNeeded: millis >> 32), UInt8(truncatingIfNeeded: millis >> 24),
            UInt8(truncatingIfNeeded: millis >> 16), UInt8(truncatingIfNeeded: millis >> 8), UInt8(truncatingIfNeeded: millis),
            // Version 7, then the counter's top 12 bits where the RFC puts `rand_a`.
            0x70 | UInt8(truncatingIfNeeded: counter >> 12), UInt8(truncatingIfNeeded: counter >> 4),
            // Variant 0b10, the counter's last 4 bits, then 58 random bits.
            0x80 | UInt8(truncatingIfNeeded: counter & 0xF) << 2 | UInt8(truncatingIfNeeded: random >> 62),
            UInt8(truncatingIfNeeded: random >> 48), UInt8(truncatingIfNeeded: random >> 40), UInt8(truncatingIfNeeded: random >> 32),
            UInt8(truncatingIfNeeded: random >> 24), UInt8(truncatingIfNeeded: random >> 16), UInt8(truncatingIfNeeded: random >> 8),
            UInt8(truncatingIfNeeded: random)
        )
        return UUID(uuid: ordered)
    }
}
