import FollowUpCoreFixtures
import FollowUpWire
import Foundation
import Testing

@testable import FollowUpCore

@Suite("Decoding changes and records")
struct RecordDecodingTests {
    static let valid = #"""
        {"id":"11111111-1111-4111-8111-111111111111","type":"interview","entity":"22222222-2222-4222-8222-222222222222",
         "owner":"33333333-3333-4333-8333-333333333333","at":"0192f3c4d5e6-0000-8c1f0a2b3c4d5e6f",
         "set":{"company":"Acme"},"add":{"tags":["remote"]}}
        """#

    @Test("a valid change decodes and encodes back to the same change")
    func roundTrip() throws {
        let change = try RecordCoding.decodeChange(Data(Self.valid.utf8))
        #expect(change.set == ["company": "Acme"])
        #expect(change.add == ["tags": ["remote"]])
        let again = try RecordCoding.decodeChange(change.jsonData)
        #expect(again == change)
    }

    @Test(
        "each malformed change gives an error naming the member",
        arguments: [
            (#"{"type":"interview"}"#, "id", "required"),
            (Self.valid.replacingOccurrences(of: #""11111111-1111-4111-8111-111111111111""#, with: "42"), "id", "expected a string"),
            (Self.valid.replacingOccurrences(of: "11111111-1111-4111-8111-111111111111", with: "not-a-uuid"), "id", "UUID"),
            (Self.valid.replacingOccurrences(of: "0192f3c4d5e6-0000-8c1f0a2b3c4d5e6f", with: "2026-11-28"), "at", "timestamp"),
            (Self.valid.replacingOccurrences(of: #""type":"interview""#, with: #""type":"Interview!""#), "type", "entity type"),
            (Self.valid.replacingOccurrences(of: #""set":{"company":"Acme"}"#, with: #""set":["Acme"]"#), "set", "object"),
            (Self.valid.replacingOccurrences(of: #""add":{"tags":["remote"]}"#, with: #""add":{"tags":"remote"}"#), "add.tags", "array"),
            (Self.valid.replacingOccurrences(of: #""owner""#, with: #""ownr""#), "ownr", "unknown member"),
            (#"{"id": "#, "", "not valid JSON"),
        ]
    )
    func malformed(json: String, path: String, reasonContains: String) {
        do {
            _ = try RecordCoding.decodeChange(Data(json.utf8))
            Issue.record("decoded \(json)")
        } catch {
            #expect(error.path == path, "\(error)")
            #expect(error.reason.contains(reasonContains), "\(error)")
        }
    }

    @Test("an oversized value is refused with its field and size")
    func oversizedValue() {
        let big = String(repeating: "x", count: ChangeLimits.standard.maximumValueBytes + 1)
        let json = Self.valid.replacingOccurrences(of: #""company":"Acme""#, with: #""notes":"\#(big)""#)
        do {
            _ = try RecordCoding.decodeChange(Data(json.utf8))
            Issue.record("accepted an oversized value")
        } catch {
            #expect(error.path == "set.notes")
            #expect(error.reason.contains("65537 bytes"))
        }
    }

    @Test("limits on names, elements, nesting and operations")
    func validation() {
        var change = Fixture.change(10, set: ["company": "Acme"])
        #expect(throws: Never.self) { try change.validate() }

        change.set = ["bad name": "x"]
        #expect(throws: RecordFormatError(path: "set.bad name", reason: FieldName.rule)) { try change.validate() }

        change.set = [:]
        #expect(throws: RecordFormatError.self) { try change.validate() }

        var deep: FieldValue = "leaf"
        for _ in 0..<10 { deep = .array([deep]) }
        change.set = ["deep": deep]
        #expect(throws: RecordFormatError.self) { try change.validate() }

        change.set = ["company": "Acme"]
        change.base = ["position": Fixture.at(1)]
        #expect(throws: RecordFormatError(path: "base.position", reason: "names a field the change does not set")) {
            try change.validate()
        }

        change.base = [:]
        change.add = ["tags": [""]]
        #expect(throws: RecordFormatError.self) { try change.validate() }

        change.add = [:]
        change.remove = ["tags": ["x": []]]
        #expect(throws: RecordFormatError.self) { try change.validate() }

        var many = ChangeLimits()
        many.maximumOperations = 2
        change.remove = [:]
        change.set = ["a": 1, "b": 2, "c": 3]
        #expect(throws: RecordFormatError.self) { try change.validate(many) }
    }

    @Test("a record with a malformed write names the field")
    func malformedRecord() {
        let json = #"""
            {"type":"interview","id":"22222222-2222-4222-8222-222222222222","owner":"33333333-3333-4333-8333-333333333333",
             "fields":{"company":[{"at":"nope","value":"Acme"}]}}
            """#
        do {
            _ = try EntityState.decode(json: Data(json.utf8))
            Issue.record("decoded a bad record")
        } catch {
            #expect(error.path == "fields.company[0].at")
        }
    }

    @Test("unknown types and fields survive a round trip through JSON")
    func unknownIsRelayed() throws {
        let future = try #require(EntityType(rawValue: "salary-offer"))
        var state = EntityState(
            creating: Fixture.change(
                10,
                type: future,
                set: ["amount": .number(72_000), "perks": .object(["gym": true, "days": .array([1, 2])])],
                add: ["benefits": ["dental"]]
            )
        )
        try state.apply(Fixture.change(20, type: future, set: ["amount": .number(75_000)]))
        let decoded = try EntityState.decode(json: state.jsonData)
        #expect(decoded == state)
        #expect(decoded.type == future)
        #expect(decoded.registers["amount"]?.history.first?.value == .number(72_000))
        #expect(decoded.elements("benefits") == ["dental"])
    }
}

@Suite("A state's forgotten writes on the wire")
struct ForgottenWritesCodingTests {
    @Test("a field that let values go carries its forgotten stamp through encoding, and the decoded state equals the original")
    func roundTrip() throws {
        let id = UUID()
        var state = EntityState(creating: Fixture.change(1, entity: id, set: ["company": "v1"]))
        for edit in 2...40 { try state.apply(Fixture.change(UInt64(edit), entity: id, set: ["company": .string("v\(edit)")])) }
        let json = String(decoding: state.jsonData, as: UTF8.self)
        #expect(json.contains(#""forgotten":{"company":"#))
        let decoded = try EntityState.decode(json: state.jsonData)
        #expect(decoded == state)
        #expect(decoded.registers["company"]?.forgotten == Fixture.at(UInt64(40 - Register.keptWrites)))
    }

    @Test("a forgotten stamp for a field with no writes is refused, naming the field")
    func unknownField() throws {
        let id = UUID()
        let state = EntityState(creating: Fixture.change(1, entity: id, set: ["company": "Acme"]))
        var json = String(decoding: state.jsonData, as: UTF8.self)
        json.removeLast()
        json += #","forgotten":{"position":"\#(Fixture.at(1))"}}"#
        #expect {
            try EntityState.decode(json: Data(json.utf8))
        } throws: { error in
            (error as? RecordFormatError)?.path == "forgotten.position"
        }
    }
}
