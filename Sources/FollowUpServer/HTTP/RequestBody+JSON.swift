import ContentCoding
import FollowUpCore
import FollowUpWire
import FollowUpProtocol
import Foundation
import Hummingbird
import NIOCore

/// Reading a JSON request body within the server's limits.
///
/// The body may be sent gzip-compressed (`Content-Encoding: gzip`); the size limit applies to the
/// decompressed bytes, so a small compressed body cannot expand into an unbounded one.
struct JSONBodyReader: Sendable {
    var maxBytes: Int

    func decode<Value: Decodable>(_ type: Value.Type, from request: Request) async throws -> Value {
        let data = try await bytes(of: request)
        do {
            return try WireCoding.decode(type, from: data)
        } catch {
            throw Self.apiError(error)
        }
    }

    /// A push batch, read with the fast change reader.
    func pushBatch(from request: Request) async throws -> PushBatch {
        let data = try await bytes(of: request)
        do {
            return try PushBatch.decode(json: data)
        } catch {
            throw Self.apiError(error)
        }
    }

    static func apiError(_ error: RecordFormatError) -> APIError {
        if error.isMalformedJSON { return APIError(.invalidJSON, detail: error.reason) }
        return APIError(.invalidRequest, detail: error.description, field: error.path.isEmpty ? nil : error.path)
    }

    /// The raw body, checked for media type and size and decompressed.
    func bytes(of request: Request) async throws -> Data {
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
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(.bodyTooLarge, detail: "the request body is larger than this server's limit of \(maxBytes) bytes")
        }
        let data: Data
        if encoding == "gzip" {
            do {
                data = try Gzip.decode(Data(buffer.readableBytesView), maxSize: maxBytes)
            } catch .tooLarge {
                throw APIError(.bodyTooLarge, detail: "the decompressed request body is larger than this server's limit of \(maxBytes) bytes")
            } catch .unavailable {
                throw APIError(.internalError, detail: "the server could not decode the body just now (out of memory); try again")
            } catch {
                throw APIError(.invalidRequest, detail: error.description)
            }
        } else {
            data = Data(buffer.readableBytesView)
        }
        guard !data.isEmpty else {
            throw APIError(.invalidJSON, detail: "the request has no body; send a JSON document")
        }
        return data
    }
}
