import Foundation

extension Change {
    /// A 64-bit digest of everything the change says, whatever the layout of the JSON it came in
    /// (member order, whitespace, escapes): a retry of a change has its digest, and a change id
    /// reused for other content almost surely does not.
    ///
    /// It tells an honest retry from a client's mistake, without keeping the change: the server
    /// stores 8 bytes per change id. It is not a cryptographic hash; a client that forges a
    /// collision only gets its own new content ignored. FNV-1a over a canonical encoding, with the
    /// entries of maps summed, so their order does not count.
    public var contentDigest: UInt64 {
        var digest = ContentDigest()
        digest.add(id)
        digest.add(type.rawValue)
        digest.add(entity)
        digest.add(owner)
        digest.add(at)
        digest.addUnordered(set) { entry, key, value in
            entry.add(key)
            entry.add(value)
        }
        digest.addUnordered(base) { entry, key, stamp in
            entry.add(key)
            entry.add(stamp)
        }
        digest.addUnordered(add) { entry, key, elements in
            entry.add(key)
            entry.add(UInt64(elements.count))
            for element in elements { entry.add(element) }
        }
        digest.addUnordered(remove) { entry, key, elements in
            entry.add(key)
            entry.addUnordered(elements) { inner, element, stamps in
                inner.add(element)
                inner.add(UInt64(stamps.count))
                for stamp in stamps { inner.add(stamp) }
            }
        }
        return digest.value
    }
}

/// FNV-1a, 64 bits, fed typed values with their lengths, so that no two different sequences of
/// values feed the same bytes.
struct ContentDigest {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    mutating func add(_ number: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { add(byte: UInt8(truncatingIfNeeded: number >> UInt64(shift))) }
    }

    mutating func add(_ text: String) {
        add(UInt64(text.utf8.count))
        for byte in text.utf8 { add(byte: byte) }
    }

    mutating func add(_ id: UUID) {
        withUnsafeBytes(of: id.uuid) { bytes in
            for byte in bytes { add(byte: byte) }
        }
    }

    mutating func add(_ stamp: Timestamp) {
        add(stamp.millis << 16 | UInt64(stamp.counter))
        add(stamp.replica.rawValue)
    }

    mutating func add(_ value: FieldValue) {
        switch value {
        case .null:
            add(byte: 0)
        case let .bool(flag):
            add(byte: 1)
            add(byte: flag ? 1 : 0)
        case let .number(number):
            add(byte: 2)
            add(number.bitPattern)
        case let .string(text):
            add(byte: 3)
            add(text)
        case let .array(elements):
            add(byte: 4)
            add(UInt64(elements.count))
            for element in elements { add(element) }
        case let .object(members):
            add(byte: 5)
            addUnordered(members) { entry, key, member in
                entry.add(key)
                entry.add(member)
            }
        }
    }

    /// A map's entries, each digested on its own and summed: the same entries in any order give
    /// the same value.
    mutating func addUnordered<Value>(_ map: [String: Value], _ addEntry: (inout ContentDigest, String, Value) -> Void) {
        var sum: UInt64 = 0
        for (key, entryValue) in map {
            var entry = ContentDigest()
            addEntry(&entry, key, entryValue)
            sum &+= entry.value
        }
        add(UInt64(map.count))
        add(sum)
    }
}
