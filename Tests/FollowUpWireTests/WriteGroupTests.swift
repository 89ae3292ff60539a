import FollowUpCoreFixtures
import Foundation
import Testing

@testable import FollowUpCore
@testable import FollowUpWire

/// An entity's writes travel and are stored grouped by stamp; nothing may be lost or reordered.
@Suite("Writes grouped by stamp")
struct WriteGroupTests {
    static func state(_ registers: [String: Register]) -> EntityState {
        EntityState(type: .interview, id: Fixture.entity, owner: Fixture.seeker, registers: registers, sets: [:])
    }

    @Test("each stamp is written once, with the fields it set and the bases they replaced")
    func canonicalForm() throws {
        var company = Register(FieldWrite(value: "Acme", at: Fixture.at(1)))
        company.merge(FieldWrite(value: "Acme Corp", at: Fixture.at(2, Fixture.desktop), base: Fixture.at(1)))
        let state = Self.state(["company": company, "position": Register(FieldWrite(value: "Analyst", at: Fixture.at(1)))])
        let one = Fixture.at(1).description
        let two = Fixture.at(2, Fixture.desktop).description
        let expected =
            #"{"type":"interview","id":"e0000000-0000-4000-8000-000000000001","owner":"5a1f3d6e-0000-4000-8000-000000000001","writes":[{"at":"\#(one)","set":{"company":"Acme","position":"Analyst"}},{"at":"\#(two)","set":{"company":"Acme Corp"},"base":{"company":"\#(one)"}}]}"#
        #expect(String(decoding: state.jsonData, as: UTF8.self) == expected)
        #expect(try EntityState.decode(json: state.jsonData) == state)
    }

    @Test("two different writes of one field with one stamp (a faulty replica) both survive")
    func sameStampTwice() throws {
        var register = Register(FieldWrite(value: "first", at: Fixture.at(5)))
        register.merge(FieldWrite(value: "second", at: Fixture.at(5)))
        let state = Self.state(["company": register, "date": Register(FieldWrite(value: "2026-11-20", at: Fixture.at(5)))])
        #expect(WriteGroup.groups(of: state.registers).count == 2)
        #expect(try EntityState.decode(json: state.jsonData) == state)
        #expect(try EntityState.decode(json: state.jsonData).registers["company"]?.writes.count == 2)
    }

    @Test("the earlier per-field form still reads, into the same state")
    func legacyForm() throws {
        let one = Fixture.at(1).description
        let two = Fixture.at(2).description
        let legacy = Data(
            #"{"type":"interview","id":"e0000000-0000-4000-8000-000000000001","owner":"5a1f3d6e-0000-4000-8000-000000000001","fields":{"company":[{"at":"\#(one)","value":"Acme"},{"at":"\#(two)","value":"Acme Corp","base":"\#(one)"}]}}"#
                .utf8
        )
        let state = try EntityState.decode(json: legacy)
        #expect(state.string("company") == "Acme Corp")
        #expect(state.registers["company"]?.writes.count == 2)
        #expect(try EntityState.decode(json: state.jsonData) == state)
    }

    @Test(
        "malformed groups are refused with the member named",
        arguments: [
            (#"[{"set":{"company":"Acme"}}]"#, "writes[0].at"),
            (#"[{"at":"0192f3c4d5e6-0000-8c1f0a2b3c4d5e6f","set":{}}]"#, "writes[0].set"),
            (#"[{"at":"0192f3c4d5e6-0000-8c1f0a2b3c4d5e6f","set":{"a":1},"base":{"b":"0192f3c4d5e6-0000-8c1f0a2b3c4d5e6f"}}]"#, "writes[0].base.b"),
            (#"[{"at":"0192f3c4d5e6-0000-8c1f0a2b3c4d5e6f","set":{"a":1},"extra":true}]"#, "writes[0].extra"),
            (#"[{"at":"nope","set":{"a":1}}]"#, "writes[0].at"),
        ]
    )
    func malformed(writes: String, path: String) {
        let document = Data(
            #"{"type":"interview","id":"e0000000-0000-4000-8000-000000000001","owner":"5a1f3d6e-0000-4000-8000-000000000001","writes":\#(writes)}"#
                .utf8
        )
        do {
            _ = try EntityState.decode(json: document)
            Issue.record("accepted \(writes)")
        } catch {
            #expect(error.path == path, "\(writes): \(error)")
        }
    }
}
