import Foundation

extension EntityState {
    /// Changes that, applied to an empty entity in any order, rebuild exactly this state.
    ///
    /// A replica can only send changes, so this is how a full backup is restored to a server that
    /// lost data: the entity's writes regrouped by timestamp into changes. Their ids derive from the
    /// entity and the timestamp, so rebuilding twice yields the same changes, which a server
    /// recognises as already applied. A field's ``Register/forgotten`` stamp is not a write and is
    /// not rebuilt: the values it let go are gone everywhere already.
    public func rebuildingChanges() -> [Change] {
        struct Key: Hashable {
            var at: Timestamp
            var round: Int
        }
        var changes: [Key: Change] = [:]
        func change(at: Timestamp, round: Int = 0) -> Change {
            changes[Key(at: at, round: round)]
                ?? Change(
                    id: UUID.nameBased(namespace: id, name: "rebuild:\(at)" + (round == 0 ? "" : ":\(round)")),
                    type: type,
                    entity: id,
                    owner: owner,
                    at: at
                )
        }
        for (field, register) in registers {
            var roundsUsed: [Timestamp: Int] = [:]
            for write in register.writes {
                // Two different writes of one field with one timestamp (a faulty replica) need two changes.
                let round = roundsUsed[write.at, default: 0]
                roundsUsed[write.at] = round + 1
                var rebuilt = change(at: write.at, round: round)
                rebuilt.set[field] = write.value
                if let base = write.base { rebuilt.base[field] = base }
                changes[Key(at: write.at, round: round)] = rebuilt
            }
        }
        for (field, set) in sets {
            for (element, tags) in set.elements {
                for tag in tags.live.union(tags.removed.keys) {
                    var rebuilt = change(at: tag)
                    rebuilt.add[field, default: []].append(element)
                    changes[Key(at: tag, round: 0)] = rebuilt
                }
                for (tag, removedAt) in tags.removed {
                    var rebuilt = change(at: removedAt)
                    rebuilt.remove[field, default: [:]][element, default: []].append(tag)
                    changes[Key(at: removedAt, round: 0)] = rebuilt
                }
            }
        }
        return changes.sorted { ($0.key.at, $0.key.round) < ($1.key.at, $1.key.round) }.map { entry in
            var change = entry.value
            for field in change.add.keys { change.add[field]?.sort() }
            for (field, removals) in change.remove {
                for element in removals.keys { change.remove[field]?[element]?.sort() }
            }
            return change
        }
    }
}
