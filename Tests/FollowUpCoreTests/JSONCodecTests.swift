import Foundation
import FollowUpTestSupport
import Testing

@testable import FollowUpCore

/// The fast JSON reader and writer must agree exactly with the `Codable` forms they stand in for.
@Suite("Fast JSON codec")
struct JSONCodecTests {
    @Test("random states and changes round-trip through both codecs, in every combination")
    func agreesWithCodable() throws {
        for index in 0..<PropertySeed.count(standard: 300) {
            let seed = PropertySeed.base &+ 3_000_000 &+ UInt64(index)
            var simulation = Simulation(seed: seed)
            try simulation.run()
            for state in simulation.replicas[0].store.entities.values {
                let fast = state.jsonData
                #expect(try RecordCoding.decode(EntityState.self, from: fast) == state, "seed \(seed)")
                #expect(try EntityState.decode(json: RecordCoding.encode(state)) == state, "seed \(seed)")
                #expect(try EntityState.decode(json: fast) == state, "seed \(seed)")
                #expect(try EntityState.decode(json: fast).jsonData == fast, "canonical: seed \(seed)")
            }
            for change in simulation.allChanges {
                #expect(try RecordCoding.decode(Change.self, from: change.jsonData) == change, "seed \(seed)")
                #expect(try Change.decode(json: RecordCoding.encode(change)) == change, "seed \(seed)")
            }
        }
    }

    @Test("any JSON value round-trips, escapes and all")
    func values() throws {
        let values: [FieldValue] = [
            "plain", "quote \" backslash \\ slash / newline \n tab \t control \u{01}", "emoji 🎉 and é and 中文", .number(0), .number(-12.5),
            .number(1e21), .number(123_456_789), true, false, .null, .array([1, "two", .array([]), .object([:])]),
            .object(["b": 1, "a": .object(["nested": "yes"])]),
        ]
        for value in values {
            let change = Change(id: UUID(), type: .interview, entity: UUID(), owner: UUID(), at: Fixture.at(1), set: ["x": value])
            #expect(try Change.decode(json: change.jsonData).set["x"] == value)
            #expect(try RecordCoding.decode(Change.self, from: change.jsonData).set["x"] == value)
        }
    }

    static func change(_ members: String) -> Data {
        Data(#"{"id":"11111111-1111-4111-8111-111111111111","type":"interview","entity":"22222222-2222-4222-8222-222222222222","owner":"33333333-3333-4333-8333-333333333333","at":"0192f3c4d5e6-0000-8c1f0a2b3c4d5e6f"\#(members)}"#.utf8)
    }

    @Test("escapes the reader accepts", arguments: [
        (#","set":{"t":"a\"b\\c\/d\b\f\n\r\t"}"#, "a\"b\\c/d\u{08}\u{0C}\n\r\t"),
        (#","set":{"t":"\u00e9\u4e2d"}"#, "é中"),
        (#","set":{"t":"\ud83c\udf89"}"#, "🎉"),
    ])
    func escapes(members: String, expected: String) throws {
        #expect(try Change.decode(json: Self.change(members)).set["t"] == .string(expected))
    }

    @Test("ids and stamps spelled with escapes read the same as plain ones")
    func escapedIdentifiers() throws {
        let plain = try Change.decode(json: Self.change(""))
        let escaped = Data(
            #"{"id":"\u00311111111-1111-4111-8111-111111111111","type":"interview","entity":"22222222-2222-4222-8222-222222222222","owner":"33333333-3333-4333-8333-333333333333","at":"\u0030192f3c4d5e6-0000-8c1f0a2b3c4d5e6f"}"#.utf8)
        #expect(try Change.decode(json: escaped).id == plain.id)
        #expect(try Change.decode(json: escaped).at == plain.at)
        // A stamp that is not one fails the same way, plain or escaped.
        let bad = Data(String(decoding: Self.change(""), as: UTF8.self).replacingOccurrences(of: "0192f3c4d5e6-", with: "0192F3C4D5E6-").utf8)
        #expect(throws: RecordFormatError.self) { try Change.decode(json: bad) }
    }

    @Test("malformed documents are syntax errors, never crashes", arguments: [
        "", "{", "[", "{\"id\":}", "{\"id\" 1}", "{\"a\":1,}", "[1,]", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":01}", "{\"a\":1.}",
        "{\"a\":-}", "{\"a\":1e}", "{\"a\":\"unterminated}", "{\"a\":\"bad \\x escape\"}", "{\"a\":\"\\ud83c alone\"}", "{\"a\":\"\\udf89\"}",
        "{\"a\":\"\\u12\"}", "{} trailing", "{\"a\":1}{\"b\":2}", "\u{FEFF}{}", "{\"a\":\"tab\tinside\"}",
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ])
    func syntaxErrors(text: String) {
        do {
            _ = try Change.decode(json: Data(text.utf8))
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.isMalformedJSON, "\(text): \(error)")
            #expect(error.path.isEmpty)
        }
    }

    @Test("invalid UTF-8 inside a string is refused")
    func invalidUTF8() {
        var bytes = Array(#"{"a":"xx"}"#.utf8)
        bytes[6] = 0xFF
        #expect(throws: RecordFormatError.self) { try Change.decode(json: Data(bytes)) }
    }

    @Test("shape errors name the member, as the Codable path does", arguments: [
        (#","set":["x"]"#, "set", "expected an object"),
        (#","add":{"tags":"x"}"#, "add.tags", "expected an array"),
        (#","add":{"tags":[1]}"#, "add.tags[0]", "expected a string"),
        (#","remove":{"tags":{"x":["nope"]}}"#, "remove.tags.x[0]", "timestamp"),
        (#","base":{"x":5}"#, "base.x", "expected a string"),
        (#","extra":1"#, "extra", "unknown member"),
    ])
    func shapeErrors(members: String, path: String, reason: String) {
        do {
            _ = try Change.decode(json: Self.change(members))
            Issue.record("accepted \(members)")
        } catch {
            #expect(error.path == path, "\(error)")
            #expect(error.reason.contains(reason), "\(error)")
            #expect(!error.isMalformedJSON)
        }
    }

    @Test("a string's plain run ends where a byte-by-byte scan says, for special bytes at every offset, alone or several to a word")
    func stringRun() {
        let seed = PropertySeed.base
        var generator = SeededGenerator(seed: seed)
        let specials: [UInt8] = [0x22, 0x5C, 0x00, 0x01, 0x0A, 0x1F]
        // Bytes that must not end a run, among them the neighbours of every special one.
        let plain: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x41, 0x7F, 0x80, 0xA2, 0xDC, 0xFF]
        for length in 0..<40 {
            for round in 0..<20 {
                var bytes = (0..<length).map { _ in plain.randomElement(using: &generator) ?? 0x20 }
                // One to three special bytes: where several share a word, the first must be found.
                if length > 0, round > 0 {
                    for _ in 0...(round % 3) {
                        bytes[Int.random(in: 0..<length, using: &generator)] = specials.randomElement(using: &generator) ?? 0x22
                    }
                }
                let start = length == 0 ? 0 : Int.random(in: 0...length, using: &generator)
                let expectedEnd = bytes[start...].firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 } ?? length
                let expectedASCII = bytes[start..<expectedEnd].allSatisfy { $0 < 0x80 }
                let found = bytes.withUnsafeBytes { JSONStringRun.scan($0, from: start) }
                #expect(found.end == expectedEnd && found.isASCII == expectedASCII, "seed \(seed): \(bytes) from \(start)")
            }
        }
    }

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
