import Crypto
public import Foundation

extension UUID {
    /// A name-based UUID (RFC 9562 version 5): the same namespace and name always give the same id.
    ///
    /// The planner uses it so that two devices planning the follow-ups of the same interview while
    /// offline create the *same* records, which then merge instead of showing up twice. SHA-1 here is
    /// the standard's choice for stable, well-spread ids, not a security measure.
    public static func nameBased(namespace: UUID, name: String) -> UUID {
        var hasher = Insecure.SHA1()
        withUnsafeBytes(of: namespace.uuid) { hasher.update(bufferPointer: $0) }
        hasher.update(data: Array(name.utf8))
        var hash = Array(hasher.finalize())
        hash[6] = (hash[6] & 0x0F) | 0x50
        hash[8] = (hash[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                hash[0], hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7],
                hash[8], hash[9], hash[10], hash[11], hash[12], hash[13], hash[14], hash[15]
            )
        )
    }
}
