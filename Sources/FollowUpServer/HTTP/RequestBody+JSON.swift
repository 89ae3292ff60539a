import ContentCoding
import FollowUpCore
import FollowUpProtocol
import FollowUpWire
import Foundation
import Hummingbird
import NIOCore

/// Reading a JSON request body within the server's limits.
///
/// The body may be sent gzip-compressed (`Content-Encoding: gzip`); the size limit applies to the
/// decompressed bytes, so a small compressed body cannot expand into an unbounded one.
struct JSONBodyReader: Sendable {
    var maxBytes: Int
    /// How long the whole body may take to arrive.
    var timeout: Duration

    func decode<Value: Decodable>(_ type: Value.Type, from request: Request) async throws -> Value {
        try await withBody(of: request) { bytes in
            do throws(RecordFormatError) {
                return try WireCoding.decode(type, from: Data(bytes))
            } catch {
                throw Self.apiError(error)
            }
        }
    }

    /// A push batch, read with the wire codec straight from the request's buffer.
    func pushBatch(from request: Request) async throws -> PushBatch {
        try await withBody(of: request) { bytes in
            do throws(RecordFormatError) {
                return try PushBatch.decode(json: bytes)
            } catch {
                throw Self.apiError(error)
            }
        }
    }

    static func apiError(_ error: RecordFormatError) -> APIError {
        if error.isMalformedJSON { return APIError(.invalidJSON, detail: error.reason) }
        return APIError(.invalidRequest, detail: error.description, field: error.path.isEmpty ? nil : error.path)
    }

    /// Hands `read` the body's bytes, checked for media type and size and decompressed: a plain
    /// body is read where NIO received it; a gzip one from its decoded copy.
    func withBody<Value>(of request: Request, _ read: (UnsafeRawBufferPointer) throws -> Value) async throws -> Value {
        if let contentType = request.headers[.contentType] {
            let mediaType = contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard mediaType == "application/json" else {
                throw APIError(.unsupportedMediaType, detail: "send the body as application/json, not \(mediaType)")
            }
        }
        let encoding = request.headers[.contentEncoding]?.trimmingCharacters(in: .whitespaces).lowercased() ?? "identity"
        guard encoding == "identity" || encoding == "gzip" else {
            throw APIError(.unsupportedMediaType, detail: "the body may be sent as identity or gzip, not \(encoding)")
        }
        let buffer = try await collect(request.body)
        guard encoding == "gzip" else {
            guard buffer.readableBytes > 0 else { throw Self.emptyBody }
            return try buffer.withUnsafeReadableBytes(read)
        }
        let decoded: Data
        do {
            decoded = try Gzip.decode(buffer, maxSize: maxBytes)
        } catch .tooLarge {
            throw APIError(.bodyTooLarge, detail: "the decompressed request body is larger than this server's limit of \(maxBytes) bytes")
        } catch .unavailable {
            throw APIError(.internalError, detail: "the server could not decode the body just now (out of memory); try again")
        } catch {
            throw APIError(.invalidRequest, detail: error.description)
        }
        guard !decoded.isEmpty else { throw Self.emptyBody }
        return try decoded.withUnsafeBytes(read)
    }

    /// The whole body, within ``maxBytes`` and ``timeout``: a client that stops sending halfway
    /// gets `408` instead of holding the request open.
    private func collect(_ body: RequestBody) async throws -> ByteBuffer {
        let (maxBytes, timeout) = (maxBytes, timeout)
        return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                do {
                    return try await body.collect(upTo: maxBytes)
                } catch is NIOTooManyBytesError {
                    throw APIError(.bodyTooLarge, detail: "the request body is larger than this server's limit of \(maxBytes) bytes")
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else {
                throw APIError(.requestTimeout, detail: "the request body did not arrive within \(timeout); send it in one go")
            }
            return buffer
        }
    }

    private static let emptyBody = APIError(.invalidJSON, detail: "the request has no body; send a JSON document")
}
