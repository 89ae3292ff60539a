import FollowUpCore
import Foundation

/// When each change still visible in a record arrived: its stamp and the sequence number the push
/// gave it. A pull uses it to send a client only the part of a record made after its cursor.
///
/// Stored beside the record's state as 24 bytes per stamp (sequence number, the stamp's
/// milliseconds and counter, its replica id; big-endian), and pruned to the stamps the state still
/// holds, so it stays as small as the record's kept history.
struct Arrivals: Sendable, Equatable {
    private(set) var sequence: [Timestamp: Int64]

    init(_ sequence: [Timestamp: Int64] = [:]) {
        self.sequence = sequence
    }

    /// Every stamp of `state` as arrived at `seq`: a record stored before arrivals were kept,
    /// whose changes are known only to have come by its last sequence number.
    init(all state: EntityState, arrivedBy seq: Int64) {
        sequence = Dictionary(uniqueKeysWithValues: state.stamps.map { ($0, seq) })
    }

    init(stored blob: Data, record: String) throws {
        guard blob.count % 24 == 0 else {
            throw StorageError.corrupt("entities.arrivals of record \(record) is \(blob.count) bytes, not a multiple of 24")
        }
        sequence = [:]
        sequence.reserveCapacity(blob.count / 24)
        blob.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let seq = Int64(bitPattern: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                let logical = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                let replica = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                let stamp = Timestamp(millis: logical >> 16, counter: UInt16(truncatingIfNeeded: logical), replica: ReplicaID(rawValue: replica))
                sequence[stamp] = max(seq, sequence[stamp] ?? seq)
                offset += 24
            }
        }
    }

    /// Notes that a change stamped `stamp` arrived at `seq`; a stamp seen again (only a faulty
    /// replica reuses one) keeps its latest arrival, so a client is sent too much, never too little.
    mutating func record(_ stamp: Timestamp, at seq: Int64) {
        sequence[stamp] = seq
    }

    /// The stamps that arrived after `position`.
    func stamps(after position: Int64) -> Set<Timestamp> {
        Set(sequence.lazy.filter { $0.value > position }.map(\.key))
    }

    /// The stored form, keeping only the stamps `state` still holds.
    func blob(keeping state: EntityState) -> Data {
        var kept = Array(sequence)
        // A record made by one change holds its stamp: the common case skips collecting stamps.
        if kept.count > 1 {
            let held = state.stamps
            kept.removeAll { !held.contains($0.key) }
        }
        var blob = Data(capacity: kept.count * 24)
        for (stamp, seq) in kept.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) {
            withUnsafeBytes(of: UInt64(bitPattern: seq).bigEndian) { blob.append(contentsOf: $0) }
            withUnsafeBytes(of: (stamp.millis << 16 | UInt64(stamp.counter)).bigEndian) { blob.append(contentsOf: $0) }
            withUnsafeBytes(of: stamp.replica.rawValue.bigEndian) { blob.append(contentsOf: $0) }
        }
        return blob
    }
}
