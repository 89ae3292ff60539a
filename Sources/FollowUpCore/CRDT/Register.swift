/// A last-writer-wins register with a bounded memory: the value of one field of one entity.
///
/// The register keeps the greatest ``keptWrites`` writes merged into it, sorted by
/// ``FieldWrite/precedes(_:_:)``; the current value is the greatest, the rest is the field's history.
/// Older writes are let go, and ``forgotten`` keeps the greatest timestamp let go: a write at or
/// before it is dropped on arrival. Keeping "the greatest N of the union, above the greatest stamp
/// ever dropped" is still commutative, associative and idempotent, so every replica that has seen
/// the same writes holds the same history, not just the same value — and a field edited every day
/// for years stays a few kilobytes.
///
/// Writes almost always arrive in timestamp order, so the common merge is an append.
public struct Register: Hashable, Sendable {
    /// How many writes a register keeps: the current value and 20 it replaced. Part of the protocol
    /// (every replica must trim alike to converge), announced in `/v1/info`.
    public static let keptWrites = 21

    /// The kept writes, oldest first; never empty.
    public private(set) var writes: [FieldWrite]
    /// The greatest timestamp of a write this register let go, if it let any go.
    public private(set) var forgotten: Timestamp?
    /// The current write's timestamp, kept beside the array so the common merge (a newer write)
    /// decides without reading the array's far end: in a large replica that read is a cache miss.
    private var latest: Timestamp

    public init(_ write: FieldWrite) {
        writes = [write]
        latest = write.at
        forgotten = nil
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

    /// Every earlier value still kept, oldest first.
    public var history: ArraySlice<FieldWrite> { writes.dropLast() }

    /// Merges one write; answers whether the write was new and whether it now holds the field.
    @discardableResult
    public mutating func merge(_ write: FieldWrite) -> MergeEffect {
        if write.at > latest {
            writes.append(write)
            latest = write.at
            if writes.count > Self.keptWrites || forgotten != nil { trim() }
            return .won
        }
        if let forgotten, write.at <= forgotten { return .forgotten }
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
        let won = low == writes.count - 1
        if writes.count > Self.keptWrites || forgotten != nil {
            trim()
            if let forgotten, write.at <= forgotten { return .forgotten }
        }
        return won ? .won : .lost
    }

    /// Merges every write of another register of the same field.
    public mutating func merge(_ other: Register) {
        if let theirs = other.forgotten { forget(through: theirs) }
        for write in other.writes { merge(write) }
    }

    /// Lets go of every write at or before `stamp`, as a replica that let go of them did; the
    /// current write stays, so a register is never empty.
    public mutating func forget(through stamp: Timestamp) {
        if forgotten.map({ stamp > $0 }) ?? true { forgotten = stamp }
        trim()
    }

    /// Lets go of the oldest writes beyond ``keptWrites``, and then of every write at or before
    /// ``forgotten`` — a write sharing a dropped one's stamp (only a faulty replica stamps two values
    /// alike), or a current write kept only because nothing newer had come — so that what is kept
    /// never depends on the order writes came in.
    private mutating func trim() {
        let excess = writes.count - Self.keptWrites
        if excess > 0, forgotten.map({ writes[excess - 1].at > $0 }) ?? true { forgotten = writes[excess - 1].at }
        guard let forgotten else { return }
        let kept = writes.firstIndex { $0.at > forgotten } ?? writes.count - 1
        if kept > 0 { writes.removeFirst(kept) }
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
        /// The write is older than the writes the register keeps: it was let go at once.
        case forgotten
    }
}
