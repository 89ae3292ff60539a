import BrotliCoding
import CompressNIO
import FollowUpProtocol
import Foundation
import Hummingbird
import NIOCore

/// Building JSON responses, compressed when the client accepts it and the body is worth it:
/// Brotli for large bodies, gzip for the rest.
enum JSONResponse {
    /// Bodies smaller than this go out uncompressed: compressing would save nothing worth the CPU.
    static let compressionThreshold = 1_024
    /// Bodies from this size go out as Brotli when the client accepts it (pages of a first pull):
    /// on sync JSON about a quarter smaller than gzip's fastest level, for several times its CPU.
    static let brotliThreshold = 64 * 1_024
    /// Brotli's quality for those bodies: the level where a 10,000-record first pull fits the
    /// bytes goal, while encoding a page still takes less time than a client takes to store it.
    static let brotliQuality: Int32 = 7

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, for request: Request) throws -> Response {
        try make(bytes: WireCoding.encode(value), status: status, for: request)
    }

    static func make(bytes data: Data, status: HTTPResponse.Status = .ok, for request: Request) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json", .vary: "Accept-Encoding"]
        let accepted = acceptedEncodings(request)
        if data.count >= brotliThreshold, accepted.contains("br") {
            headers[.contentEncoding] = "br"
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: Brotli.encode(data, quality: brotliQuality))))
        }
        var buffer = ByteBuffer(bytes: data)
        if data.count >= compressionThreshold, accepted.contains("gzip") {
            buffer = try buffer.compress(with: .gzip(configuration: .init(compressionLevel: .fastestCompression)))
            headers[.contentEncoding] = "gzip"
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    static func noContent() -> Response {
        Response(status: .noContent)
    }

    /// The content codings the request's `Accept-Encoding` allows (those not refused with `q=0`).
    static func acceptedEncodings(_ request: Request) -> Set<String> {
        guard let accepted = request.headers[.acceptEncoding]?.lowercased() else { return [] }
        var codings: Set<String> = []
        for part in accepted.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let coding = pieces.first, !coding.isEmpty else { continue }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if quality > 0 { codings.insert(coding) }
        }
        return codings
    }
}
