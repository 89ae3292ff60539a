import CompressNIO
import ContentCoding
import FollowUpCore
import FollowUpProtocol
import FollowUpServer
import FollowUpTestSupport
import FollowUpWire
import Foundation
import HTTPTypes
import NIOCore
import Testing

@Suite("Pull")
struct PullTests {
    @Test("paging across many pages delivers each entity exactly once, in server order")
    func paging() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            var pushed: [UUID] = []
            for _ in 0..<5 {
                let batch = (0..<200).map { index in factory.interview(owner: ana.id, company: "Company \(index)") }
                pushed += batch.map(\.entity)
                try await api.pushAccepted(batch, token: token)
            }
            let pages = try await api.pullAll(token: token, limit: 37)
            #expect(pages.count == 28, "1000 entities in pages of 37")
            #expect(pages.dropLast().allSatisfy { $0.hasMore && $0.entities.count == 37 })
            let delivered = pages.flatMap(\.entities).map(\.id)
            #expect(delivered == pushed, "server order is push order here")
            #expect(Set(delivered).count == 1000)
        }
    }

    @Test("each page's head repeats its cursor and whether more follow, so the next page can be asked for before this one is read")
    func continuationInTheHead() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            try await api.pushAccepted((0..<25).map { _ in factory.interview(owner: ana.id) }, token: token)
            let cursorField = try #require(HTTPField.Name(PullResponse.cursorHeader))
            let hasMoreField = try #require(HTTPField.Name(PullResponse.hasMoreHeader))
            var cursor: String?
            var pages = 0
            var delivered = 0
            repeat {
                let path = "\(Endpoint.changes)?limit=10" + (cursor.map { "&cursor=\($0)" } ?? "")
                let answer = try await api.request(.get, path, token: token, headers: [.acceptEncoding: "br, gzip"])
                #expect(answer.status == 200)
                let page = try PullResponse.decode(json: decoded(answer))
                #expect(answer.headers[cursorField] == page.cursor, "page \(pages)")
                #expect(answer.headers[hasMoreField] == (page.hasMore ? "true" : "false"), "page \(pages)")
                // The head's cursor is the one to continue with: pull on with it, not the body's.
                cursor = answer.headers[cursorField]
                delivered += page.entities.count
                pages += 1
                if !page.hasMore { break }
            } while pages < 10
            #expect(pages == 3)
            #expect(delivered == 25)
            // Failures carry no continuation: a client must not run ahead of an error.
            let refused = try await api.request(.get, "\(Endpoint.changes)?cursor=not-a-cursor", token: token)
            #expect(refused.status == 400)
            #expect(refused.headers[cursorField] == nil && refused.headers[hasMoreField] == nil)
        }
    }

    private func decoded(_ answer: APIClient.Reply) throws -> Data {
        switch answer.headers[.contentEncoding] {
        case "br": try Brotli.decode(answer.body, maxSize: 64 * 1024 * 1024)
        case "gzip": try Gzip.decode(answer.body, maxSize: 64 * 1024 * 1024)
        default: answer.body
        }
    }

    @Test("a fresh pull is compact: one entry per entity, however many changes it had")
    func compactFirstPull() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            let entity = UUID()
            for round in 0..<10 {
                try await api.pushAccepted(
                    (0..<10).map { index in factory.edit(entity: entity, owner: ana.id, set: ["position": .string("\(round)-\(index)")]) },
                    token: token
                )
            }
            let entities = try await api.pullAll(token: token).flatMap(\.entities)
            #expect(entities.count == 1)
            #expect(entities.first?.registers["position"]?.writes.count == Register.keptWrites, "the kept history travels with the state")
        }
    }

    @Test("an incremental pull returns only what changed since the cursor")
    func incremental() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            let batch = (0..<100).map { _ in factory.interview(owner: ana.id) }
            try await api.pushAccepted(batch, token: token)
            let first = try await api.pullAll(token: token)
            let cursor = try #require(first.last?.cursor)
            let edited = batch.prefix(3).map { factory.edit(entity: $0.entity, owner: ana.id, set: ["status": "held"]) }
            try await api.pushAccepted(edited, token: token)
            let delta = try await api.pullAll(token: token, cursor: cursor)
            #expect(delta.flatMap(\.entities).map(\.id) == edited.map(\.entity))
            #expect(delta.flatMap(\.entities).allSatisfy { $0.string("status") == "held" })
            #expect(delta.last?.people.isEmpty == true, "the directory is sent again only when it changed")
            let again = try await api.pullAll(token: token, cursor: delta.last?.cursor)
            #expect(again.flatMap(\.entities).isEmpty)
            #expect(again.last?.cursor == delta.last?.cursor)
        }
    }

    @Test("cursors from another account, another server, or nowhere are refused")
    func foreignCursors() async throws {
        let one = try ServerHarness()
        let two = try ServerHarness()
        defer {
            one.remove()
            two.remove()
        }
        _ = try await one.createAccount("ana", role: .seeker)
        _ = try await one.createAccount("ben", role: .seeker)
        _ = try await two.createAccount("ana", role: .seeker)
        let elsewhere = try await two.withServer { api in
            try await api.pullAll(token: try await api.login("ana")).last?.cursor
        }
        try await one.withServer { api in
            let ana = try await api.login("ana")
            let ben = try await api.login("ben")
            let anasCursor = try #require(try await api.pullAll(token: ana).last?.cursor)
            let wrongUser = try await api.pull(token: ben, cursor: anasCursor)
            #expect(wrongUser.status == 409)
            #expect(wrongUser.problem?.kind == .foreignCursor)
            let wrongServer = try await api.pull(token: ana, cursor: elsewhere)
            #expect(wrongServer.status == 409)
            #expect(wrongServer.problem?.detail.contains("another server") == true)
            #expect(try await api.pull(token: ana, cursor: "bm9wZQ").problem?.kind == .invalidCursor)
            #expect(try await api.pull(token: ana, limit: 0).status == 422)
            #expect(try await api.pull(token: ana, limit: 100_000).status == 422)
            #expect(try await api.pull(token: ana, wait: 3_601).status == 422)
            let notNumber = try await api.request(.get, Endpoint.changes + "?limit=ten", token: ana)
            #expect(notNumber.problem?.field == "limit")
        }
    }

    @Test("a cursor ahead of the server (restored from an older backup) is stale", .sqliteOnly)
    func staleCursor() async throws {
        let harness = try ServerHarness()
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker)
        let backup = harness.directory.appendingPathComponent("backup.sqlite").path
        let database = try SQLiteStore(path: harness.configuration.databasePath)
        try database.backup(to: backup)
        try database.close()
        let cursor = try await harness.withServer { api in
            let token = try await api.login("ana")
            var factory = harness.changeFactory()
            try await api.pushAccepted([factory.interview(owner: ana.id)], token: token)
            return try #require(try await api.pullAll(token: token).last?.cursor)
        }
        // Restore the older backup, as an operator would after losing the disk.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: harness.configuration.databasePath + suffix) }
        try FileManager.default.copyItem(atPath: backup, toPath: harness.configuration.databasePath)
        try await harness.withServer { api in
            let token = try await api.login("ana")
            let reply = try await api.pull(token: token, cursor: cursor)
            #expect(reply.status == 409)
            #expect(reply.problem?.kind == .staleCursor)
            #expect(try await api.pull(token: token).status == 200)
        }
    }

    @Test("responses are gzip-compressed when the client accepts it")
    func gzipResponse() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            try await api.pushAccepted((0..<50).map { _ in factory.interview(owner: ana.id) }, token: token)
            let plain = try await api.request(.get, Endpoint.changes, token: token)
            let zipped = try await api.request(.get, Endpoint.changes, token: token, headers: [.acceptEncoding: "gzip, deflate"])
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.body.count < plain.body.count / 3)
            var buffer = ByteBuffer(bytes: zipped.body)
            let inflated = try buffer.decompress(with: .gzip())
            let page = try PullResponse.decode(json: Data(inflated.readableBytesView))
            #expect(page.entities.count == 50)
        }
    }

    @Test("large pages go out as Brotli when the client accepts it; small ones and refusing clients get gzip")
    func brotliResponse() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            var factory = harness.changeFactory()
            // Answers to pushes favour CPU: gzip, even when br is accepted.
            let details = String(repeating: "Talked about the team's roadmap and the on-call rota. ", count: 6)
            let changes = (0..<1_000).map { _ in factory.interview(owner: ana.id, fields: ["details": .string(details)]) }
            let push = try await api.request(
                .post,
                Endpoint.changes,
                token: token,
                body: PushRequest(changes: changes).jsonData,
                headers: [.acceptEncoding: "br, gzip", .contentType: "application/json"]
            )
            #expect(push.status == 200)
            #expect(push.headers[.contentEncoding] == "gzip")
            let plain = try await api.request(.get, Endpoint.changes, token: token)
            let gzipped = try await api.request(.get, Endpoint.changes, token: token, headers: [.acceptEncoding: "gzip"])
            let brotli = try await api.request(.get, Endpoint.changes, token: token, headers: [.acceptEncoding: "br, gzip"])
            #expect(plain.body.count >= 256 * 1024, "the page must be large enough for Brotli")
            #expect(brotli.headers[.contentEncoding] == "br")
            #expect(brotli.body.count < gzipped.body.count)
            let decoded = try Brotli.decode(brotli.body, maxSize: 64 * 1024 * 1024)
            #expect(try PullResponse.decode(json: decoded).entities.count == 1_000)
            #expect(try PullResponse.decode(json: decoded).entities == PullResponse.decode(json: plain.body).entities)

            let refusing = try await api.request(.get, Endpoint.changes, token: token, headers: [.acceptEncoding: "br;q=0, gzip"])
            #expect(refusing.headers[.contentEncoding] == "gzip")
            // A delta-sized page (150 records, over 64 KiB of JSON) goes out at once as gzip.
            let delta = try await api.request(.get, "\(Endpoint.changes)?limit=150", token: token, headers: [.acceptEncoding: "br, gzip"])
            #expect(delta.headers[.contentEncoding] == "gzip")
            var deltaBuffer = ByteBuffer(bytes: delta.body)
            #expect(try deltaBuffer.decompress(with: .gzip()).readableBytes >= 64 * 1024)
            let small = try await api.request(.get, Endpoint.info, headers: [.acceptEncoding: "br, gzip"])
            #expect(small.headers[.contentEncoding] == nil)
        }
    }

    @Test("the operator's pull compression trades bytes for CPU: quality 11 sends the same page smaller than quality 0")
    func pullCompressionSetting() async throws {
        var harness = try ServerHarness { $0.pullCompressionQuality = 0 }
        defer { harness.remove() }
        let ana = try await harness.createAccount("ana", role: .seeker)
        // Debrief notes of words drawn by a seeded generator: text the levels compress differently.
        let words = ["roadmap", "on-call", "team", "salary", "relocation", "deadline", "manager", "asked", "about", "the", "night", "shift"]
        var generator = SeededGenerator(seed: 11)
        var factory = harness.changeFactory()
        let changes = (0..<1_000).map { _ in
            let details = (0..<50).map { _ in words.randomElement(using: &generator) ?? "" }.joined(separator: " ")
            return factory.interview(owner: ana.id, fields: ["details": .string(details)])
        }
        let firstPage = { @Sendable (api: APIClient, token: String) in
            try await api.request(.get, Endpoint.changes, token: token, headers: [.acceptEncoding: "br"])
        }
        let fastest = try await harness.withServer { api in
            let token = try await api.login("ana")
            #expect(try await api.request(.post, Endpoint.changes, token: token, body: PushRequest(changes: changes).jsonData).status == 200)
            return try await firstPage(api, token)
        }
        harness.configuration.pullCompressionQuality = 11
        let smallest = try await harness.withServer { api in try await firstPage(api, try await api.login("ana")) }

        #expect(fastest.headers[.contentEncoding] == "br")
        #expect(smallest.headers[.contentEncoding] == "br")
        #expect(smallest.body.count * 5 < fastest.body.count * 4, "quality 11: \(smallest.body.count) bytes, quality 0: \(fastest.body.count)")
        let records = { (reply: APIClient.Reply) in try PullResponse.decode(json: Brotli.decode(reply.body, maxSize: 64 * 1024 * 1024)).entities }
        #expect(try records(fastest).count == 1_000)
        #expect(try records(fastest) == records(smallest))
    }

    @Test("a long poll returns as soon as a change arrives, and times out empty otherwise")
    func longPoll() async throws {
        try await ServerHarness.withSeeker { harness, api, token, ana in
            let cursor = try #require(try await api.pullAll(token: token).last?.cursor)

            let started = ContinuousClock.now
            let empty = try await api.pull(token: token, cursor: cursor, wait: 1).page()
            let waited = ContinuousClock.now - started
            #expect(empty.entities.isEmpty)
            #expect(waited >= .milliseconds(900) && waited < .seconds(5))

            let change = await Task {
                var factory = harness.changeFactory()
                return factory.interview(owner: ana.id)
            }.value
            async let poll = api.pull(token: token, cursor: cursor, wait: 30)
            try await Task.sleep(for: .milliseconds(300))
            let pushedAt = ContinuousClock.now
            try await api.pushAccepted([change], token: token)
            let page = try await poll.page()
            #expect(page.entities.map(\.id) == [change.entity])
            #expect(ContinuousClock.now - pushedAt < .seconds(3), "the poll must answer at once, not at its timeout")
        }
    }
}
