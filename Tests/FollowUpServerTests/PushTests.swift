import CompressNIO
import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import FollowUpTestSupport
import FollowUpWire
import Foundation
import HTTPTypes
import NIOCore
import Testing

@Suite("Push")
struct PushTests {
    @Test("each change is answered in order; a rejected change does not block the others")
    func perChangeResults() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker)
        let ben = try await harness.createAccount("ben", role: .seeker)
        try await harness.withServer { api in
            let token = try await api.login("ana")
            var factory = harness.changeFactory()
            let first = factory.interview(owner: ana.id)
            let forBen = factory.interview(owner: ben.id)
            var future = factory.interview(owner: ana.id)
            future.at = Timestamp(millis: harness.clock.millis + 6 * 60 * 1000, counter: 0, replica: future.at.replica)
            let second = factory.interview(owner: ana.id)
            let reply = try await api.push([first, forBen, future, second], token: token)
            #expect(reply.status == 200)
            let results = try reply.decode(PushResponse.self).results
            #expect(results.map(\.id) == [first.id, forBen.id, future.id, second.id])
            #expect(results.map(\.status) == [.accepted, .rejected, .rejected, .accepted])
            #expect(results[1].rejection?.code == Rejection.Code.forbidden)
            #expect(results[2].rejection?.code == Rejection.Code.clockAhead)
            #expect(results[2].rejection?.message.contains("ahead") == true)
            let seqs = results.compactMap(\.seq)
            #expect(seqs.count == 2 && seqs[0] < seqs[1])

            let pulled = try await api.pullAll(token: token).flatMap(\.entities)
            #expect(Set(pulled.map(\.id)) == [first.entity, second.entity])
        }
    }

    @Test("a retried change keeps its first fate even where it would now pass: a once-rejected write never lands")
    func rejectedFateHoldsInMixedBatch() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            let record = factory.interview(owner: ana.id, company: "Acme")
            try await api.pushAccepted([record], token: token)
            // Six minutes ahead of the server's clock: refused as clock-ahead.
            var early = factory.edit(entity: record.entity, owner: ana.id, set: ["position": .string("from the future")])
            early.at = Timestamp(millis: harness.clock.millis + 6 * 60 * 1000, counter: 0, replica: early.at.replica)
            let first = try await api.push([early], token: token).decode(PushResponse.self).results
            #expect(first.map(\.status) == [.rejected])
            // Later the same change would pass the clock check, but its fate is decided: a retry
            // beside a new edit of the same record is still refused, and only the new edit lands.
            harness.clock.advance(by: 10 * 60)
            let later = factory.edit(entity: record.entity, owner: ana.id, set: ["location": .string("Berlin")])
            let retry = try await api.push([early, later], token: token).decode(PushResponse.self).results
            #expect(retry.map(\.status) == [.rejected, .accepted])
            #expect(retry[0].rejection?.code == Rejection.Code.clockAhead)
            let state = try #require(try await api.pullAll(token: token).flatMap(\.entities).first { $0.id == record.entity })
            #expect(state.string("location") == "Berlin")
            #expect(state.string("position") == nil)
        }
    }

    @Test("pushing the same batch again is a no-op that answers the same way")
    func exactlyOnce() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            let entity = UUID()
            var batch = (0..<50).map { index in factory.edit(entity: entity, owner: ana.id, set: ["position": .string("v\(index)")]) }
            batch.append(factory.interview(owner: UUID()))  // rejected: not Ana's
            let first = try await api.push(batch, token: token).decode(PushResponse.self).results
            let before = try await api.pullAll(token: token)
            let replay = try await api.push(batch, token: token).decode(PushResponse.self).results
            #expect(replay.map(\.seq) == first.map(\.seq))
            #expect(replay.map(\.status) == first.map(\.status))
            #expect(replay.map(\.rejection) == first.map(\.rejection))
            #expect(replay.dropLast().allSatisfy { $0.duplicate == true })
            #expect(first.dropLast().allSatisfy { $0.duplicate == nil })

            // Nothing changed: the cursor from before sees nothing new, and the state is the same.
            let after = try await api.pullAll(token: token, cursor: before.last?.cursor)
            #expect(after.flatMap(\.entities).isEmpty)
            let state = try #require(try await api.pullAll(token: token).flatMap(\.entities).first)
            #expect(state.registers["position"]?.writes.count == Register.keptWrites, "the latest 21 of 50 values are kept")
            #expect(state.string("position") == "v49")
        }
    }

    @Test("fates past the retention are forgotten at start and daily; a change retried after that merges again and changes nothing")
    func fateRetention() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker)
        // The device's own changes: another device's that the server holds are answered as
        // duplicates whatever their fate (see AttributionTests).
        var factory = harness.changeFactory(replica: 0xF00D)
        let device = ReplicaID(rawValue: 0xF00D)
        let old = factory.interview(owner: ana.id, company: "Acme")
        let probe = factory.interview(owner: ana.id, company: "Probe")
        try await harness.withServer { api in
            try await api.pushAccepted([old, probe], token: try await api.login("ana", replica: device))
        }
        harness.clock.advance(by: 91 * 86_400)
        let recent = factory.interview(owner: ana.id, company: "Recent")
        try await harness.withServer { api in
            let token = try await api.login("ana", replica: device)
            try await api.pushAccepted([recent], token: token)
            // The pruning runs as the server starts; wait until the probe's fate is gone.
            var pruned = false
            for _ in 0..<100 where !pruned {
                let result = try await api.push([probe], token: token).decode(PushResponse.self).results.first
                pruned = result?.status == .accepted && result?.duplicate == nil
                if !pruned { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(pruned, "the 91-day-old fates were pruned")
            let retried = try await api.push([old, recent], token: token).decode(PushResponse.self).results
            #expect(retried[0].status == .accepted && retried[0].duplicate == nil, "forgotten, so merged again: \(retried[0])")
            #expect(retried[1].duplicate == true, "a recent fate is kept")
            let state = try #require(try await api.pullAll(token: token).flatMap(\.entities).first { $0.id == old.entity })
            #expect(state.string("company") == "Acme" && state.registers["company"]?.writes.count == 1, "merging it again changed nothing")
        }
    }

    @Test("a record cannot grow without bound: past 2 MiB or 256 fields it is record-full, and it stays readable")
    func recordLimits() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            let big = String(repeating: "x", count: 60_000)
            // Four 60 KB values in one change: over the 256 KiB a change may carry.
            let heavy = factory.interview(
                owner: ana.id,
                fields: ["a": .string(big), "b": .string(big), "c": .string(big), "d": .string(big), "e": .string(big)]
            )
            let heavyResult = try await api.push([heavy], token: token).decode(PushResponse.self).results
            #expect(heavyResult.first?.rejection?.code == Rejection.Code.invalid, "\(heavyResult)")
            #expect(heavyResult.first?.rejection?.message.contains("262144") == true, "\(heavyResult)")

            // One record overwritten with 120 KB a time: 21 values of each field are kept, so it fills up.
            let record = factory.interview(owner: ana.id)
            try await api.pushAccepted([record], token: token)
            var accepted = 0
            var full: PushResult?
            for round in 0..<40 where full == nil {
                let edit = factory.edit(entity: record.entity, owner: ana.id, set: ["notes": .string("\(round) " + big), "more": .string(big)])
                let result = try #require(try await api.push([edit], token: token).decode(PushResponse.self).results.first)
                if result.status == .accepted { accepted += 1 } else { full = result }
            }
            #expect(full?.rejection?.code == Rejection.Code.recordFull, "\(String(describing: full))")
            #expect((14...17).contains(accepted), "about 2 MiB of 120 KB edits: \(accepted)")
            let state = try #require(try await api.pullAll(token: token).flatMap(\.entities).first { $0.id == record.entity })
            #expect(state.registers["notes"]?.writes.count == accepted)
            #expect(state.jsonData.count <= 2 * 1024 * 1024)

            // Fields: 256 at most, whatever their size.
            let wide = factory.interview(owner: ana.id)
            try await api.pushAccepted([wide], token: token)
            var fields: [String: FieldValue] = [:]
            for index in 0..<254 { fields["f\(index)"] = .bool(true) }  // with company: 255
            try await api.pushAccepted([factory.edit(entity: wide.entity, owner: ana.id, set: fields)], token: token)
            try await api.pushAccepted([factory.edit(entity: wide.entity, owner: ana.id, set: ["last": .null])], token: token)
            let tooWide = try await api.push([factory.edit(entity: wide.entity, owner: ana.id, set: ["one-more": .null])], token: token)
            #expect(try tooWide.decode(PushResponse.self).results.first?.rejection?.code == Rejection.Code.recordFull)

            let info = try await api.request(.get, Endpoint.info).decode(ServerInfo.self)
            #expect(info.limits.maxRecordBytes == 2 * 1024 * 1024 && info.limits.maxRecordFields == 256 && info.limits.maxChangeBytes == 256 * 1024)
        }
    }

    @Test("a field overwritten 60 times with 40 KB keeps taking edits: its 21 latest values are kept, older ones let go")
    func historyIsTrimmed() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            let record = factory.interview(owner: ana.id)
            try await api.pushAccepted([record], token: token)
            let text = String(repeating: "y", count: 40_000)
            for round in 0..<60 {
                // 2.4 MB in all: kept whole, the record would have been full after about 50 edits.
                try await api.pushAccepted(
                    [factory.edit(entity: record.entity, owner: ana.id, set: ["details": .string("\(round) \(text)")])],
                    token: token
                )
            }
            let state = try #require(try await api.pullAll(token: token).flatMap(\.entities).first { $0.id == record.entity })
            let details = try #require(state.registers["details"])
            #expect(details.writes.count == Register.keptWrites)
            #expect(details.current.value == .string("59 \(text)"))
            #expect(details.writes.first?.value == .string("\(60 - Register.keptWrites) \(text)"))
            #expect(details.forgotten != nil)
            #expect(state.jsonData.count < 1_000_000)
            let info = try await api.request(.get, Endpoint.info).decode(ServerInfo.self)
            #expect(info.limits.keptWritesPerField == 21)
        }
    }

    @Test("a change id reused for other content is rejected as id-reused and the first content stays; a retry however laid out is a duplicate")
    func reusedChangeID() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            let original = factory.interview(owner: ana.id, company: "Acme", fields: ["position": "Analyst"])
            #expect(try await api.pushAccepted([original], token: token).first?.duplicate == nil)

            // The same id for other values, another stamp, another record: each refused, the first kept.
            var otherValue = original
            otherValue.set["company"] = "Initech"
            var otherStamp = original
            otherStamp.at = factory.clock.tick(wallMillis: harness.clock.millis)
            var otherRecord = original
            otherRecord.entity = UUID()
            for reused in [otherValue, otherStamp, otherRecord] {
                let results = try await api.push([reused], token: token).decode(PushResponse.self).results
                #expect(results.first?.status == .rejected)
                #expect(results.first?.rejection?.code == Rejection.Code.idReused, "\(results)")
                #expect(results.first?.rejection?.field == "id")
            }
            let state = try #require(try await api.pullAll(token: token).flatMap(\.entities).first)
            #expect(state.string("company") == "Acme" && state.registers["company"]?.writes.count == 1)

            // A retry written with its members in another order and other spacing is the same change.
            let relaid = try #require(String(data: original.jsonData, encoding: .utf8))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(relaid.utf8)) as? [String: Any])
            let reordered = try JSONSerialization.data(withJSONObject: ["changes": [object]], options: [.prettyPrinted])
            let retry = try await api.request(.post, Endpoint.changes, token: token, body: reordered).decode(PushResponse.self).results
            #expect(retry.first?.status == .accepted && retry.first?.duplicate == true, "\(retry)")
        }
    }

    @Test("a retry is answered from the log whether its ids are time-ordered and close together or spread among many others")
    func retriesAmongManyIDs() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            // 300 changes with random ids, all over the change log's key.
            let spread = (0..<300).map { _ in factory.interview(owner: ana.id) }
            try await api.pushAccepted(spread, token: token)
            // A client's time-ordered ids fall in a narrow range of it; random ones span it all.
            var random = SeededGenerator(seed: PropertySeed.base)
            func timeOrdered() -> Change {
                var change = factory.interview(owner: ana.id)
                change.id = UUID.timeOrdered(at: change.at, using: &random)
                return change
            }
            let close = (0..<5).map { _ in timeOrdered() }
            let first = try await api.push(close, token: token).decode(PushResponse.self).results
            // Each retry also carries one new change, of the same kind of id as the rest.
            for (retry, fresh, expected) in [(close, timeOrdered(), first), (Array(spread.suffix(3)), factory.interview(owner: ana.id), nil)] {
                let answers = try await api.push(retry + [fresh], token: token).decode(PushResponse.self).results
                #expect(answers.dropLast().allSatisfy { $0.status == .accepted && $0.duplicate == true })
                if let expected { #expect(answers.dropLast().map(\.seq) == expected.map(\.seq)) }
                #expect(answers.last?.status == .accepted && answers.last?.duplicate == nil)
            }
        }
    }

    @Test("a malformed change with a readable id is rejected alone, naming the member")
    func malformedChange() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            let good = String(decoding: factory.interview(owner: ana.id).jsonData, as: UTF8.self)
            let bad = #"{"id":"0b5f5c1c-0000-4000-8000-000000000001","type":"interview","entity":"not-a-uuid","owner":"x","at":"y"}"#
            let huge = String(
                decoding: factory.interview(owner: ana.id, fields: ["notes": .string(String(repeating: "n", count: 70_000))]).jsonData,
                as: UTF8.self
            )
            let body = Data(#"{"changes":[\#(good),\#(bad),\#(huge)]}"#.utf8)
            let reply = try await api.request(.post, Endpoint.changes, token: token, body: body)
            #expect(reply.status == 200, "\(reply.text)")
            let results = try reply.decode(PushResponse.self).results
            #expect(results.map(\.status) == [.accepted, .rejected, .rejected])
            #expect(results[1].rejection?.field == "entity")
            #expect(results[2].rejection?.field == "set.notes")

            let noID = Data(#"{"changes":[{"type":"interview"}]}"#.utf8)
            let whole = try await api.request(.post, Endpoint.changes, token: token, body: noID)
            #expect(whole.status == 422)
            #expect(whole.problem?.field == "changes[0].id")
        }
    }

    @Test("a record's type and owner cannot change")
    func identityFixed() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            let created = factory.interview(owner: ana.id)
            try await api.pushAccepted([created], token: token)
            let asNote = factory.edit(.note, entity: created.entity, owner: ana.id, set: ["text": "x"])
            let results = try await api.push([asNote], token: token).decode(PushResponse.self).results
            #expect(results.first?.rejection?.code == Rejection.Code.typeMismatch)
        }
    }

    @Test("the clock guard's limit is configurable")
    func clockGuard() async throws {
        let harness = try ServerHarness { $0.maxClockDriftMillis = 1_000 }
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker)
        try await harness.withServer { api in
            let token = try await api.login("ana")
            let wall = harness.clock.millis
            let replica = ReplicaID(rawValue: 9)
            func change(_ ahead: UInt64) -> Change {
                Change(
                    id: UUID(),
                    type: .interview,
                    entity: UUID(),
                    owner: ana.id,
                    at: Timestamp(millis: wall + ahead, counter: 0, replica: replica),
                    set: ["company": "A"]
                )
            }
            let results = try await api.push([change(1_000), change(1_001)], token: token).decode(PushResponse.self).results
            #expect(results.map(\.status) == [.accepted, .rejected])
        }
    }

    @Test("a batch or body over the limit gets 413 and stores nothing")
    func limits() async throws {
        let harness = try ServerHarness {
            $0.maxBatch = 10
            $0.maxBodyBytes = 20_000
        }
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker)
        try await harness.withServer { api in
            let token = try await api.login("ana")
            var factory = harness.changeFactory()
            let batch = (0..<11).map { _ in factory.interview(owner: ana.id) }
            let tooMany = try await api.push(batch, token: token)
            #expect(tooMany.status == 413)
            #expect(tooMany.problem?.kind == .batchTooLarge)
            #expect(tooMany.problem?.detail.contains("at most 10") == true)

            let big = [factory.interview(owner: ana.id, fields: ["notes": .string(String(repeating: "x", count: 30_000))])]
            let tooBig = try await api.push(big, token: token)
            #expect(tooBig.status == 413)
            #expect(tooBig.problem?.kind == .bodyTooLarge)

            // A small gzip body that expands past the limit is refused too.
            var plain = ByteBuffer(bytes: PushRequest(changes: big).jsonData)
            let bomb = try plain.compress(with: .gzip())
            #expect(bomb.readableBytes < 20_000)
            let expanded = try await api.request(
                .post,
                Endpoint.changes,
                token: token,
                body: Data(bomb.readableBytesView),
                headers: [.contentEncoding: "gzip"]
            )
            #expect(expanded.status == 413)

            #expect(try await api.pullAll(token: token).flatMap(\.entities).isEmpty)
            try await api.pushAccepted(Array(batch.prefix(10)), token: token)
        }
    }

    @Test("a gzip-compressed push is accepted")
    func gzipRequest() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            var body = ByteBuffer(bytes: PushRequest(changes: [factory.interview(owner: ana.id)]).jsonData)
            let compressed = try body.compress(with: .gzip())
            let reply = try await api.request(
                .post,
                Endpoint.changes,
                token: token,
                body: Data(compressed.readableBytesView),
                headers: [.contentEncoding: "gzip"]
            )
            #expect(reply.status == 200)
            #expect(try reply.decode(PushResponse.self).results.first?.status == .accepted)

            let corrupt = try await api.request(
                .post,
                Endpoint.changes,
                token: token,
                body: Data("not gzip".utf8),
                headers: [.contentEncoding: "gzip"]
            )
            #expect(corrupt.status == 422)
            let brotli = try await api.request(.post, Endpoint.changes, token: token, body: Data("{}".utf8), headers: [.contentEncoding: "br"])
            #expect(brotli.status == 415)
        }
    }
}
