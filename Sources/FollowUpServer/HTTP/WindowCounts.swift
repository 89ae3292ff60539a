import Foundation

/// Events counted per key in fixed windows (a feed's reads, an address's wrong feed tokens), in
/// memory bounded to ``capacity`` keys, so that counting a flood of distinct keys cannot grow the
/// server.
///
/// When full, windows that ended are dropped first; if that frees nothing, the half with the
/// fewest events goes, so that the keys that are busiest (an attacker's) keep their counts.
struct WindowCounts: Sendable {
    let limit: Int
    let window: TimeInterval
    let capacity: Int
    private var entries: [String: (start: Date, count: Int)] = [:]

    init(limit: Int, window: TimeInterval, capacity: Int) {
        self.limit = limit
        self.window = window
        self.capacity = capacity
    }

    /// Seconds until `key` may go on, when its window is used up; `nil` when it may now.
    func wait(for key: String, at now: Date) -> Int? {
        guard let entry = entries[key], now.timeIntervalSince(entry.start) < window, entry.count >= limit else { return nil }
        return max(1, Int((window - now.timeIntervalSince(entry.start)).rounded(.up)))
    }

    /// Counts one event for `key`; returns the wait, without counting, when its window is used up.
    mutating func count(_ key: String, at now: Date) -> Int? {
        if let wait = wait(for: key, at: now) { return wait }
        var entry = entries[key] ?? (now, 0)
        if now.timeIntervalSince(entry.start) >= window { entry = (now, 0) }
        entry.count += 1
        if entries[key] == nil, entries.count >= capacity { makeRoom(at: now) }
        entries[key] = entry
        return nil
    }

    var keyCount: Int { entries.count }

    private mutating func makeRoom(at now: Date) {
        entries = entries.filter { now.timeIntervalSince($0.value.start) < window }
        guard entries.count >= capacity else { return }
        let kept = entries.sorted { $0.value.count > $1.value.count }.prefix(capacity / 2)
        entries = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
    }
}
