import FollowUpCore
import FollowUpCoreFixtures
import FollowUpTestSupport
import Foundation
import Testing

@testable import FollowUpWire

/// The wire codec reads what it writes, writes one canonical spelling, and reads JSON exactly as
/// Foundation's own parser does (the independent oracle: `JSONSerialization`).
@Suite("Wire codec")
struct JSONCodecTests {
    @Test("random states and changes round-trip, canonically, and are JSON Foundation reads to the same tree")
    func roundTrips() throws {
        for index in 0..<PropertySeed.count(standard: 300) {
            let seed = PropertySeed.base &+ 3_000_000 &+ UInt64(index)
            var simulation = Simulation(seed: seed)
            try simulation.run()
            for state in simulation.replicas[0].store.entities.values {
                let bytes = state.jsonData
                #expect(try EntityState.decode(json: bytes) == state, "seed \(seed)")
                #expect(try EntityState.decode(json: bytes).jsonData == bytes, "canonical: seed \(seed)")
                #expect(try Self.tree(bytes) == Self.foundationTree(bytes), "seed \(seed)")
            }
            for change in simulation.allChanges {
                let bytes = change.jsonData
                #expect(try Change.decode(json: bytes) == change, "seed \(seed)")
                #expect(try Change.decode(json: bytes).jsonData == bytes, "canonical: seed \(seed)")
                #expect(try Self.tree(bytes) == Self.foundationTree(bytes), "seed \(seed)")
            }
        }
    }

    @Test("random JSON documents read as Foundation reads them, and write back to what Foundation reads the same")
    func agreesWithFoundation() throws {
        var generator = SeededGenerator(seed: PropertySeed.base &+ 7)
        for round in 0..<PropertySeed.count(standard: 500) {
            let value = Self.randomValue(depth: 0, using: &generator)
            let bytes = try JSONSerialization.data(withJSONObject: Self.foundationObject(value), options: [.fragmentsAllowed])
            #expect(try Self.tree(bytes) == value, "round \(round): \(String(decoding: bytes, as: UTF8.self))")
            var writer = JSONWriter()
            writer.value(value)
            #expect(try Self.foundationTree(writer.data) == value, "round \(round)")
        }
    }

    /// The codec's reading of a document, as a plain JSON tree.
    static func tree(_ data: Data) throws -> FieldValue {
        try JSONScanner.read(data) { scanner throws(RecordFormatError) in try scanner.readValue() }
    }

    /// Foundation's reading of the same document.
    static func foundationTree(_ data: Data) throws -> FieldValue {
        try fieldValue(JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    static func fieldValue(_ object: Any) throws -> FieldValue {
        switch object {
        case is NSNull: return .null
        // Foundation hands booleans over as NSNumbers of C type `char`, numbers as wider types.
        case let number as NSNumber where String(cString: number.objCType) == "c": return .bool(number.boolValue)
        case let number as NSNumber: return .number(number.doubleValue)
        case let text as String: return .string(text)
        case let array as [Any]: return .array(try array.map(fieldValue))
        case let object as [String: Any]: return .object(try object.mapValues(fieldValue))
        default: throw RecordFormatError(path: "", reason: "Foundation returned \(type(of: object))")
        }
    }

    static func foundationObject(_ value: FieldValue) -> Any {
        switch value {
        case .null: NSNull()
        case let .bool(flag): flag
        case let .number(number): number
        case let .string(text): text
        case let .array(values): values.map(foundationObject)
        case let .object(members): members.mapValues(foundationObject)
        }
    }

    static func randomValue(depth: Int, using generator: inout SeededGenerator) -> FieldValue {
        let pieces = ["a", "é", "中", "🎉", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", " ", "x y", "\u{7F}"]
        func text() -> String { (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "a" }.joined() }
        switch Int.random(in: 0..<(depth < 4 ? 8 : 5), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(Double(Int.random(in: -1_000_000...1_000_000, using: &generator)))
        case 3: return .number(Double(Int.random(in: -999...999, using: &generator)) / 8)
        case 4: return .string(text())
        case 5, 6:
            return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            var members: [String: FieldValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &generator) { members[text()] = randomValue(depth: depth + 1, using: &generator) }
            return .object(members)
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
            guard case let .object(document) = try Self.foundationTree(change.jsonData), case let .object(set)? = document["set"] else {
                Issue.record("Foundation did not read the change as an object with a set")
                continue
            }
            #expect(set["x"] == value)
        }
    }

    static func change(_ members: String) -> Data {
        Data(
            #"{"id":"11111111-1111-4111-8111-111111111111","type":"interview","entity":"22222222-2222-4222-8222-222222222222","owner":"33333333-3333-4333-8333-333333333333","at":"0192f3c4d5e6-0000-8c1f0a2b3c4d5e6f"\#(members)}"#
                .utf8
        )
    }

    @Test(
        "escapes the reader accepts",
        arguments: [
            (#","set":{"t":"a\"b\\c\/d\b\f\n\r\t"}"#, "a\"b\\c/d\u{08}\u{0C}\n\r\t"),
            (#","set":{"t":"\u00e9\u4e2d"}"#, "é中"),
            (#","set":{"t":"\ud83c\udf89"}"#, "🎉"),
        ]
    )
    func escapes(members: String, expected: String) throws {
        #expect(try Change.decode(json: Self.change(members)).set["t"] == .string(expected))
    }

    @Test("ids and stamps spelled with escapes read the same as plain ones")
    func escapedIdentifiers() throws {
        let plain = try Change.decode(json: Self.change(""))
        let escaped = Data(
            #"{"id":"\u00311111111-1111-4111-8111-111111111111","type":"interview","entity":"22222222-2222-4222-8222-222222222222","owner":"33333333-3333-4333-8333-333333333333","at":"\u0030192f3c4d5e6-0000-8c1f0a2b3c4d5e6f"}"#
                .utf8
        )
        #expect(try Change.decode(json: escaped).id == plain.id)
        #expect(try Change.decode(json: escaped).at == plain.at)
        // A stamp that is not one fails the same way, plain or escaped.
        let bad = Data(String(decoding: Self.change(""), as: UTF8.self).replacingOccurrences(of: "0192f3c4d5e6-", with: "0192F3C4D5E6-").utf8)
        #expect(throws: RecordFormatError.self) { try Change.decode(json: bad) }
    }

    @Test(
        "malformed documents are syntax errors, never crashes",
        arguments: [
            "", "{", "[", "{\"id\":}", "{\"id\" 1}", "{\"a\":1,}", "[1,]", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":01}", "{\"a\":1.}",
            "{\"a\":-}", "{\"a\":1e}", "{\"a\":\"unterminated}", "{\"a\":\"bad \\x escape\"}", "{\"a\":\"\\ud83c alone\"}", "{\"a\":\"\\udf89\"}",
            "{\"a\":\"\\u12\"}", "{} trailing", "{\"a\":1}{\"b\":2}", "\u{FEFF}{}", "{\"a\":\"tab\tinside\"}",
            String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
        ]
    )
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

    @Test(
        "shape errors name the member",
        arguments: [
            (#","set":["x"]"#, "set", "expected an object"),
            (#","add":{"tags":"x"}"#, "add.tags", "expected an array"),
            (#","add":{"tags":[1]}"#, "add.tags[0]", "expected a string"),
            (#","remove":{"tags":{"x":["nope"]}}"#, "remove.tags.x[0]", "timestamp"),
            (#","base":{"x":5}"#, "base.x", "expected a string"),
            (#","extra":1"#, "extra", "unknown member"),
        ]
    )
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
}
