import FollowUpCore
import FollowUpProtocol
import FollowUpWire
import Foundation
import Testing

/// The protocol envelopes read with the wire codec; the small ones agree with their `Codable` forms.
@Suite("Wire forms")
struct WireFormTests {
    static let replica = ReplicaID(rawValue: 0xA1)

    static func change(_ millis: UInt64, _ set: [String: FieldValue]) -> Change {
        Change(id: UUID(), type: .interview, entity: UUID(), owner: UUID(), at: Timestamp(millis: millis, counter: 0, replica: replica), set: set)
    }

    @Test("push answers: written directly, read by Codable, and the other way round")
    func pushResponse() throws {
        let response = PushResponse(results: [
            .accepted(UUID(), seq: 7), .accepted(UUID(), seq: 8, duplicate: true),
            .rejected(UUID(), Rejection(code: Rejection.Code.invalid, message: "a \"quoted\" reason\nover two lines", field: "set.notes")),
            .rejected(UUID(), Rejection(code: Rejection.Code.forbidden, message: "not yours")),
        ])
        #expect(try WireCoding.decode(PushResponse.self, from: response.jsonData) == response)
        #expect(try PushResponse.decode(json: WireCoding.encode(response)) == response)
        #expect(try PushResponse.decode(json: response.jsonData) == response)
    }

    @Test("pull pages read every member, and keep each entity's bytes as received")
    func pullResponse() throws {
        var state = EntityState(creating: Self.change(1_000, ["company": "Acme", "details": "line one\nline two"]))
        try state.apply(
            Change(id: UUID(), editing: state, at: Timestamp(millis: 2_000, counter: 0, replica: Self.replica), edit: Edit(add: ["tags": ["remote"]]))
        )
        let removed = UUID()
        let person = AccountInfo(id: UUID(), username: "ana", displayName: "Ana Ruiz", role: .seeker)
        let device = ReplicaInfo(replica: Self.replica, account: person.id, device: "laptop")
        var writer = JSONWriter()
        writer.raw("{\"cursor\":\"abc\",\"entities\":[")
        state.write(to: &writer)
        writer.raw("],\"hasMore\":true,\"people\":")
        writer.json(try WireCoding.encode([person]))
        writer.raw(",\"removedOwners\":[")
        writer.uuid(removed)
        writer.raw("],\"replicas\":")
        writer.json(try WireCoding.encode([device]))
        writer.raw(",\"fromANewerServer\":{\"ignored\":[1,2]}}")
        let page = try PullResponse.decode(json: writer.data)
        #expect(page.cursor == "abc" && page.hasMore)
        #expect(page.entities == [state])
        #expect(page.people == [person] && page.replicas == [device] && page.removedOwners == [removed])
        #expect(page.receivedEntities == [state.jsonData])
    }

    @Test("a push batch answers malformed changes one by one, and fails whole only without an id")
    func pushBatch() throws {
        let good = Self.change(1_000, ["company": "Acme"])
        let body = #"{"changes":[\#(String(decoding: good.jsonData, as: UTF8.self)),{"id":"0b5f5c1c-0000-4000-8000-000000000001","type":7}]}"#
        let batch = try PushBatch.decode(json: Data(body.utf8))
        #expect(batch.entries.count == 2)
        guard case let .change(change) = batch.entries[0], case let .malformed(id, error) = batch.entries[1] else {
            Issue.record("unexpected entries")
            return
        }
        #expect(change == good)
        #expect(id.uuidString.lowercased() == "0b5f5c1c-0000-4000-8000-000000000001")
        #expect(error.path == "type")

        #expect(throws: RecordFormatError(path: "changes[0].id", reason: "is required but missing")) {
            try PushBatch.decode(json: Data(#"{"changes":[{"type":"interview"}]}"#.utf8))
        }
        #expect(throws: RecordFormatError.self) { try PushBatch.decode(json: Data(#"{"changes":[],"force":true}"#.utf8)) }
        #expect(throws: RecordFormatError(path: "changes", reason: "is required but missing")) { try PushBatch.decode(json: Data("{}".utf8)) }
    }

    @Test("every problem type has a status, a title and a URN that reads back")
    func problems() {
        for type in ProblemType.allCases {
            #expect((400...599).contains(type.status))
            #expect(!type.title.isEmpty)
            #expect(ProblemType(urn: type.urn) == type)
        }
    }
}
