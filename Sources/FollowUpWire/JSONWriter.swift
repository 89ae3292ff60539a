public import FollowUpCore
public import Foundation

/// Writes JSON bytes directly, for the documents written most often: entity states and changes.
///
/// The output is canonical for a given value (members in a fixed order, maps by sorted key), so
/// equal states are stored and sent as equal bytes.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    public var data: Data { Data(bytes) }

    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func byte(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends a value that is already JSON (a stored state, or a small document another encoder
    /// wrote), as it is.
    public mutating func json(_ encoded: some Sequence<UInt8>) {
        bytes.append(contentsOf: encoded)
    }

    /// `"name":`
    public mutating func key(_ name: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        raw("\":")
    }

    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            let plain = UnsafeRawBufferPointer(utf8)
            var start = 0
            while true {
                let end = JSONStringRun.scan(plain, from: start).end
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<end]))
                guard end < utf8.count else { break }
                let byte = utf8[end]
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                default:
                    raw("\\u00")
                    bytes.append(Self.hex[Int(byte >> 4)])
                    bytes.append(Self.hex[Int(byte & 0xF)])
                }
                start = end + 1
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func uuid(_ id: UUID) {
        bytes.append(UInt8(ascii: "\""))
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 36))
        bytes.withUnsafeMutableBufferPointer { UUID.write(id, into: $0, at: start) }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func timestamp(_ timestamp: Timestamp) {
        bytes.append(UInt8(ascii: "\""))
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: Timestamp.textLength))
        bytes.withUnsafeMutableBufferPointer { timestamp.write(into: $0, at: start) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// An array of timestamps, in the order given (callers sort where the order must be canonical).
    mutating func timestamps(_ timestamps: some Sequence<Timestamp>) {
        byte(UInt8(ascii: "["))
        for (index, timestamp) in timestamps.enumerated() {
            if index > 0 { byte(UInt8(ascii: ",")) }
            self.timestamp(timestamp)
        }
        byte(UInt8(ascii: "]"))
    }

    public mutating func value(_ value: FieldValue) {
        switch value {
        case .null: raw("null")
        case let .bool(flag): flag ? raw("true") : raw("false")
        case let .number(number): bytes.append(contentsOf: FieldValue.canonicalNumber(number).utf8)
        case let .string(text): string(text)
        case let .array(values):
            byte(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { byte(UInt8(ascii: ",")) }
                self.value(element)
            }
            byte(UInt8(ascii: "]"))
        case let .object(members):
            byte(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { byte(UInt8(ascii: ",")) }
                string(key)
                byte(UInt8(ascii: ":"))
                self.value(members[key] ?? .null)
            }
            byte(UInt8(ascii: "}"))
        }
    }

    /// Writes `{"k1":v1,"k2":v2}` for a map, keys sorted.
    mutating func map<Value>(_ map: [String: Value], _ write: (inout JSONWriter, Value) -> Void) {
        byte(UInt8(ascii: "{"))
        for (index, key) in map.keys.sorted().enumerated() {
            if index > 0 { byte(UInt8(ascii: ",")) }
            string(key)
            byte(UInt8(ascii: ":"))
            if let value = map[key] { write(&self, value) }
        }
        byte(UInt8(ascii: "}"))
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
}
