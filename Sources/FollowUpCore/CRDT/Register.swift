/// A last-writer-wins register that never forgets: the value of one field of one entity.
///
/// The register is the set of every write ever merged into it, kept sorted by ``FieldWrite/precedes(_:_:)``;
/// the current value is the greatest write, and the rest is the field's history. Merging is set
/// union, so it is commutative, associative and idempotent by construction, and every replica that
/// has seen the same writes holds the same history, not just the same value.
///
/// Writes almost always arrive in timestamp order, so the common merge is an append.
public struct Register: Hashable, Sendable {
    /// Every write, oldest first; never empty.
    public private(set) var writes: [FieldWrite]
    /// The current write's timestamp, kept beside the array so the common merge (a newer write)
    /// decides without reading the array's far end: in a large replica that read is a cache miss.
    private var latest: Timestamp

    public init(_ write: FieldWrite) {
        writes = [write]
        latest = write.at
    }

    /// Builds a register from writes in any order, dropping duplicates; `nil` when there are none.
    public init?(writes: some Sequence<FieldWrite>) {
        var iterator = writes.makeIterator()
        guard let first = iterator.next() else { return nil }
        self.init(first)
        while let write = iterator.next() { merge(write) }
    }

    /// The write that currently holds the field.
    public var current: FieldWrite {
        // `writes` is never empty: every initializer stores at least one write and nothing removes one.
        writes[writes.count - 1]
    }

    /// Every earlier value, oldest first.
    public var history: ArraySlice<FieldWrite> { writes.dropLast() }

    /// Merges one write; answers whether the write was new and whether it now holds the field.
    @discardableResult
    public mutating func merge(_ write: FieldWrite) -> MergeEffect {
        if write.at > latest {
            writes.append(write)
            latest = write.at
            return .won
        }
        var low = 0
        var high = writes.count
        while low < high {
            let middle = (low + high) / 2
            if FieldWrite.precedes(writes[middle], write) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        if low < writes.count && writes[low] == write { return .duplicate }
        writes.insert(write, at: low)
        latest = writes[writes.count - 1].at
        return low == writes.count - 1 ? .won : .lost
    }

    /// Merges every write of another register of the same field.
    public mutating func merge(_ other: Register) {
        for write in other.writes { merge(write) }
    }

    /// Whether `write` was replaced without its replacer having seen it: no later write names it as
    /// its base. Those are the values a user should be shown as "replaced by a concurrent edit".
    public func replacedConcurrently(_ write: FieldWrite) -> Bool {
        guard write != current else { return false }
        return !writes.contains { $0.base == write.at && $0.at > write.at }
    }

    /// What one merge did to a register.
    public enum MergeEffect: Sendable, Hashable {
        /// The write is new and is now the current value.
        case won
        /// The write is new but older than the current value: it went to history.
        case lost
        /// The register already held this write.
        case duplicate
    }
}
