import FollowUpTestSupport
import Foundation
import Testing

@testable import FollowUpCore

/// The fixed-width text forms the core writes by hand (hex digits, UUIDs) agree with the standard
/// library's and Foundation's.
@Suite("Text forms of ids and numbers")
struct TextFormTests {
    @Test("hex digits: every nibble value in every position, at every width, as the standard library writes it")
    func hexDigits() {
        for position in 0..<16 {
            for nibble in UInt64(0)..<16 {
                let value = nibble << (4 * position) | (15 - nibble)
                let expected = String(value, radix: 16)
                let padded = String(repeating: "0", count: 16 - expected.count) + expected
                for digits in 1...16 {
                    #expect(HexDigits.fixedWidth(value, digits: digits) == String(padded.suffix(digits)), "\(value) in \(digits) digits")
                }
            }
        }
        // Every byte value in every byte of an id.
        for byte in UInt8.min...UInt8.max {
            var bytes = [UInt8](repeating: 0x5A, count: 16)
            for index in 0..<16 {
                bytes[index] = byte
                let id = bytes.withUnsafeBytes { raw in UUID(uuid: raw.loadUnaligned(as: uuid_t.self)) }
                #expect(id.lowercased == id.uuidString.lowercased())
            }
        }
    }

    @Test("fast UUID text matches Foundation's, and parses both cases")
    func uuidText() {
        var generator = SeededGenerator(seed: PropertySeed.base)
        for _ in 0..<1_000 {
            let id = UUID.random(using: &generator)
            #expect(id.lowercased == id.uuidString.lowercased())
            #expect(UUID(text: id.uuidString) == id)
            #expect(UUID(text: id.lowercased) == id)
            #expect(Array(id.lowercased.utf8).withUnsafeBufferPointer { UUID(utf8: $0) } == id, "as a database row hands it over")
        }
        #expect(UUID(text: "not-a-uuid") == nil)
        #expect(Array("7d444840-9dc0-11d1-b245-5ffdce74fad".utf8).withUnsafeBufferPointer { UUID(utf8: $0) } == nil)
        #expect(UUID(utf8: UnsafeBufferPointer(start: nil, count: 0)) == nil)
        #expect(UUID(text: "7d444840-9dc0-11d1-b245-5ffdce74fad") == nil)
        #expect(UUID(text: "7d444840x9dc0-11d1-b245-5ffdce74fad2") == nil)
        #expect(UUID(text: "7d444840-9dc0-11d1-b245-5ffdce74fag2") == nil)
        // Every digit position refuses the characters just outside the hex ranges.
        let valid = Array("7d444840-9dc0-11d1-b245-5ffdce74fad2")
        for position in valid.indices where valid[position] != "-" {
            for bad in ["/", ":", "@", "G", "`", "g", " ", "é"] {
                var text = valid
                text[position] = Character(bad)
                #expect(UUID(text: String(text)) == nil, "accepted \(String(text))")
            }
        }
    }
}
