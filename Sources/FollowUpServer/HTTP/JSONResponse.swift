import ContentCoding
import FollowUpProtocol
import Foundation
import Hummingbird
import NIOCore
import NIOPosix

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

    /// A small document (an account, an info page, a push's answer), gzip-compressed inline when
    /// that is worth it.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, for request: Request) throws -> Response {
        make(body: ByteBuffer(bytes: try WireCoding.encode(value)), status: status, for: request)
    }

    /// A body already encoded, compressed with gzip's fastest level when the client accepts it.
    static func make(body: ByteBuffer, status: HTTPResponse.Status = .ok, for request: Request, headers extra: HTTPFields = [:]) -> Response {
        var headers = jsonHeaders(extra)
        if body.readableBytes >= compressionThreshold, acceptedEncodings(request).contains("gzip"), let encoded = Gzip.encode(body) {
            headers[.contentEncoding] = "gzip"
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: encoded))
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// A large body where bytes on the wire matter more than CPU (a pull page): Brotli at `quality`,
    /// 0 (fastest) to 11 (smallest), when the client accepts it and the body is large enough, else
    /// as ``make(body:status:for:headers:)``. Brotli runs on NIO's thread pool, as bcrypt does: a
    /// page of a first pull takes tens of milliseconds of CPU, too long to hold an event loop.
    static func make(
        largeBody body: ByteBuffer,
        quality: Int32,
        for request: Request,
        headers extra: HTTPFields = [:]
    ) async throws -> Response {
        guard body.readableBytes >= brotliThreshold, acceptedEncodings(request).contains("br") else {
            return make(body: body, for: request, headers: extra)
        }
        let encoded = try await NIOThreadPool.singleton.runIfActive {
            Brotli.encode(body, quality: quality, windowBits: brotliWindowBits)
        }
        guard let encoded else { return make(body: body, for: request, headers: extra) }
        var headers = jsonHeaders(extra)
        headers[.contentEncoding] = "br"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: encoded))
    }

    private static func jsonHeaders(_ extra: HTTPFields) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "application/json", .vary: "Accept-Encoding"]
        headers.append(contentsOf: extra)
        return headers
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
