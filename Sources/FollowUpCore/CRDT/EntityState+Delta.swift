extension EntityState {
    /// Every timestamp the state holds: each kept write's, each field's ``Register/forgotten``, each
    /// addition tag and each removal's.
    ///
    /// A change stamps all it does with its `at`, so these are the changes whose effects the state
    /// still shows; a server remembers when each arrived, to send a client only what is new to it.
    public var stamps: Set<Timestamp> {
        var stamps: Set<Timestamp> = []
        for register in registers.values {
            for write in register.writes { stamps.insert(write.at) }
            if let forgotten = register.forgotten { stamps.insert(forgotten) }
        }
        for set in sets.values {
            for tags in set.elements.values {
                stamps.formUnion(tags.live)
                for (tag, at) in tags.removed {
                    stamps.insert(tag)
                    stamps.insert(at)
                }
            }
        }
        return stamps
    }

    /// The part of the state made by changes stamped `stamps`: what a replica that holds the rest
    /// needs to reach this state by merging, and usually a small fraction of it. `nil` when no
    /// part of the state carries one of these stamps.
    ///
    /// For a replica holding every other part, `merge(restricted(to:))` gives exactly this state:
    /// kept writes and tags are a union, and each field that has a new write also brings its
    /// ``Register/forgotten`` stamp, so the replica lets go of the same old values.
    public func restricted(to stamps: Set<Timestamp>) -> EntityState? {
        var partialRegisters: [String: Register] = [:]
        for (field, register) in registers {
            let forgottenIsNew = register.forgotten.map(stamps.contains) ?? false
            // A new write can also show only as the stamp it was let go at (it arrived as the 22nd
            // oldest): the current write, already held, then carries the new `forgotten`.
            guard
                var partial = Register(writes: register.writes.lazy.filter { stamps.contains($0.at) })
                    ?? (forgottenIsNew ? Register(register.current) : nil)
            else { continue }
            if let forgotten = register.forgotten { partial.forget(through: forgotten) }
            partialRegisters[field] = partial
        }
        var partialSets: [String: AddWinsSet] = [:]
        for (field, set) in sets {
            var elements: [String: AddWinsSet.Tags] = [:]
            for (element, tags) in set.elements {
                let live = tags.live.intersection(stamps)
                let removed = tags.removed.filter { stamps.contains($0.key) || stamps.contains($0.value) }
                if !live.isEmpty || !removed.isEmpty { elements[element] = AddWinsSet.Tags(live: live, removed: removed) }
            }
            if !elements.isEmpty { partialSets[field] = AddWinsSet(elements: elements) }
        }
        guard !partialRegisters.isEmpty || !partialSets.isEmpty else { return nil }
        return EntityState(type: type, id: id, owner: owner, registers: partialRegisters, sets: partialSets)
    }
}
