/// An observed-remove set with add-wins semantics: the value of a multi-valued field
/// (the interviewers of an interview, its tags).
///
/// Every addition of an element carries a unique tag (the timestamp of the change that added it).
/// A removal names the tags its replica had seen, and removes only those. So when one replica adds
/// an element while another removes it, the new tag was not seen by the remover and the element
/// stays: concurrent additions always survive, and a removal never reaches further than what the
/// remover was looking at.
///
/// Removed tags are remembered (with the earliest removal's timestamp) so that an addition arriving
/// after its own removal stays removed. State is (live tags, removed tags) per element; merging is
/// union with removal applied, which is commutative, associative and idempotent.
public struct AddWinsSet: Hashable, Sendable {
    /// The tags of one element.
    public struct Tags: Hashable, Sendable {
        /// Additions not yet removed; the element is present while this is not empty.
        public package(set) var live: Set<Timestamp> = []
        /// Removed addition tags, each with the timestamp of the earliest removal that named it.
        public package(set) var removed: [Timestamp: Timestamp] = [:]

        public var isPresent: Bool { !live.isEmpty }

        package init(live: Set<Timestamp> = [], removed: [Timestamp: Timestamp] = [:]) {
            self.live = live
            self.removed = removed
        }
    }

    public private(set) var elements: [String: Tags] = [:]

    public init() {}

    /// The elements present now, sorted, so every replica lists them in the same order.
    public var present: [String] {
        elements.compactMap { $0.value.isPresent ? $0.key : nil }.sorted()
    }

    /// The elements present now, in the order they were first added (earliest live addition first),
    /// the same on every replica: the first interviewer added is the first listed.
    public var presentInOrderAdded: [String] {
        elements.compactMap { element, tags in tags.live.min().map { (element, $0) } }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map(\.0)
    }

    public func contains(_ element: String) -> Bool {
        elements[element]?.isPresent ?? false
    }

    /// The tags a remover must name to remove `element` as it is seen here.
    public func observedTags(of element: String) -> [Timestamp] {
        (elements[element]?.live).map { $0.sorted() } ?? []
    }

    /// Adds `element` under a new tag; an addition already removed stays removed.
    public mutating func add(_ element: String, tag: Timestamp) {
        var tags = elements[element] ?? Tags()
        guard tags.removed[tag] == nil else { return }
        tags.live.insert(tag)
        elements[element] = tags
    }

    /// Removes the given additions of `element`, at time `at`.
    public mutating func remove(_ element: String, tags removedTags: some Sequence<Timestamp>, at: Timestamp) {
        var tags = elements[element] ?? Tags()
        for tag in removedTags {
            tags.live.remove(tag)
            if let earlier = tags.removed[tag], earlier <= at { continue }
            tags.removed[tag] = at
        }
        elements[element] = tags
    }

    public mutating func merge(_ other: AddWinsSet) {
        for (element, theirs) in other.elements {
            for (tag, at) in theirs.removed {
                remove(element, tags: CollectionOfOne(tag), at: at)
            }
            for tag in theirs.live {
                add(element, tag: tag)
            }
        }
    }

    /// Rebuilds a set from its parts (as decoded from the wire): live tags and removals per element.
    package init(elements: [String: Tags]) {
        self.elements = [:]
        for (element, tags) in elements {
            for (tag, at) in tags.removed { remove(element, tags: CollectionOfOne(tag), at: at) }
            for tag in tags.live { add(element, tag: tag) }
        }
    }
}
