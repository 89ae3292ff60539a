import Foundation
import Synchronization

/// A clock the tests move by hand: token expiry and the clock guard without waiting.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date()) {
        current = Mutex(start)
    }

    func now() -> Date {
        current.withLock { $0 }
    }

    func set(_ date: Date) {
        current.withLock { $0 = date }
    }

    func advance(by interval: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(interval) }
    }

    var millis: UInt64 { UInt64(now().timeIntervalSince1970 * 1000) }
}
