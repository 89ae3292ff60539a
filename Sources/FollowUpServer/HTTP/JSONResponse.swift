import CompressNIO
import FollowUpProtocol
import Foundation
import Hummingbird
import NIOCore

/// Building JSON responses, gzip-compressed when the client accepts it and the body is worth it.
enum JSONResponse {
    /// Bodies smaller than this go out uncompressed: gzip would save nothing worth the CPU.
    static let compressionThreshold = 1_024

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, for request: Request) throws -> Response {
        try make(bytes: WireCoding.encode(value), status: status, for: request)
    }

    static func make(bytes data: Data, status: HTTPResponse.Status = .ok, for request: Request) throws -> Response {
        var buffer = ByteBuffer(bytes: data)
        var headers: HTTPFields = [.contentType: "application/json"]
        if data.count >= compressionThreshold, acceptsGzip(request) {
            buffer = try buffer.compress(with: .gzip(configuration: .init(compressionLevel: .fastestCompression)))
            headers[.contentEncoding] = "gzip"
        }
        headers[.vary] = "Accept-Encoding"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    static func noContent() -> Response {
        Response(status: .noContent)
    }

    private static func acceptsGzip(_ request: Request) -> Bool {
        guard let accepted = request.headers[.acceptEncoding]?.lowercased() else { return false }
        return accepted.split(separator: ",").contains { part in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.first == "gzip" else { return false }
            return !pieces.dropFirst().contains("q=0")
        }
    }
}
