/// A hybrid logical clock (Kulkarni et al., 2014) for one replica.
///
/// Each write gets a ``Timestamp`` from ``tick(wallMillis:)``: close to the wall clock, but strictly
/// greater than every timestamp this replica issued or received before, even when the wall clock
/// jumps backwards. ``receive(_:wallMillis:)`` folds in a remote timestamp so that later local
/// writes order after what was seen. A remote timestamp further ahead of the local wall clock than
/// ``maximumDriftMillis`` is refused: adopting it would drag this replica's clock into the future
/// and make its writes win over everyone's until real time caught up.
///
/// The clock never reads time itself; the caller passes the wall clock reading in, so tests and
/// replays control time completely.
///
/// When 65,536 events land in one millisecond the counter cannot grow, so the clock borrows the
/// next millisecond; the drift this causes is bounded by the event rate (1 ms per 65,536 events).
public struct HybridLogicalClock: Sendable, Hashable {
    /// Five minutes: how far ahead of our wall clock a remote timestamp may be by default.
    public static let defaultMaximumDriftMillis: UInt64 = 5 * 60 * 1000

    public let replica: ReplicaID
    public let maximumDriftMillis: UInt64
    /// The greatest timestamp issued or received so far; persist it to stay monotonic across restarts.
    public private(set) var last: Timestamp

    public init(replica: ReplicaID, last: Timestamp? = nil, maximumDriftMillis: UInt64 = defaultMaximumDriftMillis) {
        self.replica = replica
        self.maximumDriftMillis = maximumDriftMillis
        if let last {
            self.last = Timestamp(millis: last.millis, counter: last.counter, replica: replica)
        } else {
            self.last = .zero(for: replica)
        }
    }

    /// The timestamp for a new local event.
    public mutating func tick(wallMillis: UInt64) -> Timestamp {
        if wallMillis > last.millis {
            last = Timestamp(millis: wallMillis, counter: 0, replica: replica)
        } else {
            last = successor(millis: last.millis, counter: last.counter)
        }
        return last
    }

    /// Advances past a timestamp seen from another replica, or refuses it if it is too far ahead.
    public mutating func receive(_ remote: Timestamp, wallMillis: UInt64) throws(ClockError) {
        try check(remote, wallMillis: wallMillis)
        let millis = max(last.millis, remote.millis, wallMillis)
        if millis == last.millis && millis == remote.millis {
            last = successor(millis: millis, counter: max(last.counter, remote.counter))
        } else if millis == last.millis {
            last = successor(millis: millis, counter: last.counter)
        } else if millis == remote.millis {
            last = successor(millis: millis, counter: remote.counter)
        } else {
            last = Timestamp(millis: millis, counter: 0, replica: replica)
        }
    }

    /// Refuses a timestamp too far ahead of `wallMillis`, without changing the clock; the server
    /// uses this as its clock guard on pushed changes.
    public func check(_ remote: Timestamp, wallMillis: UInt64) throws(ClockError) {
        try Self.check(remote, wallMillis: wallMillis, maximumDriftMillis: maximumDriftMillis)
    }

    /// The drift rule on its own, for a party that keeps no clock of its own (the server).
    public static func check(_ remote: Timestamp, wallMillis: UInt64, maximumDriftMillis: UInt64) throws(ClockError) {
        let limit = wallMillis.addingReportingOverflow(maximumDriftMillis)
        if !limit.overflow && remote.millis > limit.partialValue {
            throw ClockError.tooFarAhead(
                remote: remote,
                aheadByMillis: remote.millis - wallMillis,
                maximumDriftMillis: maximumDriftMillis
            )
        }
    }

    private func successor(millis: UInt64, counter: UInt16) -> Timestamp {
        if counter == UInt16.max {
            return Timestamp(millis: millis + 1, counter: 0, replica: replica)
        }
        return Timestamp(millis: millis, counter: counter + 1, replica: replica)
    }
}

/// Why a hybrid logical clock refused a timestamp.
public enum ClockError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The remote timestamp is further ahead of the local wall clock than the allowed drift.
    case tooFarAhead(remote: Timestamp, aheadByMillis: UInt64, maximumDriftMillis: UInt64)

    public var description: String {
        switch self {
        case let .tooFarAhead(remote, ahead, maximum):
            "timestamp \(remote) is \(DurationText.millis(ahead)) ahead of this clock; "
                + "at most \(DurationText.millis(maximum)) is accepted. Check the date and time of the device that made it."
        }
    }
}
