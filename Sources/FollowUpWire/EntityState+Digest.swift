import Crypto
public import FollowUpCore

extension EntityState {
    /// What a replica and the server compare to tell whether they hold the same record: the first
    /// 16 bytes of the SHA-256 of the canonical wire form without `forgotten`, as 32 hex digits
    /// (SPEC §6.2).
    ///
    /// `forgotten` is left out because it cannot be sent again in a change: two sides holding the
    /// same writes hold the same record, even if one let an older value go at another moment.
    public var contentDigest: String {
        var writer = JSONWriter(capacity: 512)
        write(to: &writer, includingForgotten: false)
        let hash = SHA256.hash(data: writer.data)
        return hash.prefix(16).reduce(into: "") { text, byte in
            text += String(byte >> 4, radix: 16)
            text += String(byte & 0x0f, radix: 16)
        }
    }
}
