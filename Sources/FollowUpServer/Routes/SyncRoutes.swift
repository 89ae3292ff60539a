import FollowUpCore
import FollowUpProtocol
import FollowUpWire
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `POST /v1/changes` (push), `GET /v1/changes` (pull) and `GET /v1/digests`.
struct SyncRoutes {
    let sync: SyncService
    let bodies: JSONBodyReader
    /// Brotli quality of pull pages (the operator's `FOLLOWUP_PULL_COMPRESSION`).
    let pageQuality: Int32

    func register(on group: RouterGroup<AppRequestContext>) {
        registerDigests(on: group)
        group.post("changes") { request, context in
            let identity = try context.caller()
            let batch = try await bodies.pushBatch(from: request)
            return JSONResponse.make(body: ByteBuffer(bytes: try await sync.push(batch, by: identity).jsonData), for: request)
        }
        group.get("changes") { request, context in
            let identity = try context.caller()
            let query = request.uri.queryParameters
            let page = try await sync.pull(
                by: identity,
                cursor: query.get("cursor"),
                limit: try Self.integer(query.get("limit"), name: "limit"),
                wait: try Self.integer(query.get("wait"), name: "wait"),
                updates: try Self.boolean(query.get("updates"), name: "updates")
            )
            return try await JSONResponse.make(
                largeBody: try Self.encode(page),
                quality: pageQuality,
                for: request,
                headers: Self.continuation(page)
            )
        }
    }

    /// `GET /v1/digests`, beside the pull: what a client compares to repair either side.
    func registerDigests(on group: RouterGroup<AppRequestContext>) {
        group.get("digests") { request, context in
            let identity = try context.caller()
            return try JSONResponse.make(RecordDigests(digests: try await sync.digests(for: identity)), for: request)
        }
    }

    /// The page's cursor and whether more follow, in the head too: a client can ask for the next
    /// page while this one's body is still on its way.
    static func continuation(_ page: PullPage) -> HTTPFields {
        var fields = HTTPFields()
        fields[.followUpCursor] = page.cursor.encoded
        fields[.followUpHasMore] = page.hasMore ? "true" : "false"
        return fields
    }

    private static func integer(_ text: String?, name: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else {
            throw APIError(.invalidRequest, detail: "\(name) must be a whole number, got \"\(text.prefix(32))\"", field: name)
        }
        return value
    }

    private static func boolean(_ text: String?, name: String) throws -> Bool {
        switch text {
        case nil, "false": return false
        case "true": return true
        case let text?: throw APIError(.invalidRequest, detail: "\(name) must be true or false, got \"\(text.prefix(32))\"", field: name)
        }
    }

    /// Writes the page as a ``PullResponse`` document straight into the response's buffer, splicing
    /// the stored entity states in as they are instead of decoding and re-encoding each one.
    static func encode(_ page: PullPage) throws -> ByteBuffer {
        let encoder = WireCoding.encoder()
        let people = try encoder.encode(page.people)
        let removed = try encoder.encode(page.removedOwners.map(\.lowercased))
        let replicas = try encoder.encode(page.replicas)
        let cursor = try encoder.encode(page.cursor.encoded)
        var body = ByteBufferAllocator().buffer(
            capacity: page.entities.reduce(144 + cursor.count + people.count + removed.count + replicas.count) { $0 + $1.count + 1 }
                + (page.updates ?? []).reduce(0) { $0 + $1.count + 1 }
        )
        body.writeString(#"{"cursor":"#)
        body.writeBytes(cursor)
        body.writeString(#","entities":["#)
        for (index, state) in page.entities.enumerated() {
            if index > 0 { body.writeInteger(UInt8(ascii: ",")) }
            body.writeBytes(state)
        }
        if let updates = page.updates {
            body.writeString(#"],"updates":["#)
            for (index, state) in updates.enumerated() {
                if index > 0 { body.writeInteger(UInt8(ascii: ",")) }
                body.writeBytes(state)
            }
        }
        body.writeString(#"],"hasMore":"#)
        body.writeString(page.hasMore ? "true" : "false")
        body.writeString(#","people":"#)
        body.writeBytes(people)
        body.writeString(#","removedOwners":"#)
        body.writeBytes(removed)
        body.writeString(#","replicas":"#)
        body.writeBytes(replicas)
        body.writeInteger(UInt8(ascii: "}"))
        return body
    }
}
