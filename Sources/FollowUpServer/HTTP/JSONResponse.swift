import ContentCoding
import FollowUpProtocol
import Foundation
import Hummingbird
import NIOCore

/// Building JSON responses, compressed when the client accepts it and the body is worth it:
/// Brotli for large bodies, gzip for the rest.
enum JSONResponse {
    /// Bodies smaller than this go out uncompressed: compressing would save nothing worth the CPU.
    static let compressionThreshold = 1_024
    /// Bodies from this size, when bytes matter more than CPU (pages of a pull), go out as Brotli if
    /// the client accepts it: on sync JSON about a quarter smaller than gzip's fastest level, for
    /// three to four times its CPU. The pages of a first pull are well above it; a delta of a few
    /// hundred records stays below, where gzip answers sooner (W3's 100-record pull, over 64 KiB of
    /// JSON, took 4.4 ms to compress as Brotli and answer).
    static let brotliThreshold = 256 * 1_024
    /// Brotli's window for those bodies: 256 KB compresses sync pages as small as the default's
    /// window, and faster.
    static let brotliWindowBits: Int32 = 18

    /// What a response's compression optimizes for.
    enum Compression {
        /// Least CPU: gzip's fastest level (answers to pushes, small documents).
        case fast
        /// Fewer bytes on the wire for large bodies: Brotli at `quality`, 0 (fastest) to 11
        /// (smallest) (pages of a pull).
        case small(quality: Int32)
    }

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, for request: Request) throws -> Response {
        try make(bytes: WireCoding.encode(value), status: status, for: request)
    }

    static func make(
        bytes data: Data, status: HTTPResponse.Status = .ok, for request: Request, compression: Compression = .fast, headers extra: HTTPFields = [:]
    ) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json", .vary: "Accept-Encoding"]
        headers.append(contentsOf: extra)
        let accepted = acceptedEncodings(request)
        if case let .small(quality) = compression, data.count >= brotliThreshold, accepted.contains("br") {
            headers[.contentEncoding] = "br"
            let encoded = Brotli.encode(data, quality: quality, windowBits: brotliWindowBits)
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: encoded)))
        }
        if data.count >= compressionThreshold, accepted.contains("gzip"), let encoded = Gzip.encode(data) {
            headers[.contentEncoding] = "gzip"
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: encoded)))
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
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
