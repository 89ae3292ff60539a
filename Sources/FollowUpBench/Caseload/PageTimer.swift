import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Times GET requests to the server over loopback, as a browser or a calendar application would
/// make them: the wall time from the request to the last byte, which bounds the server's time.
struct PageTimer {
    let client: HTTPClient

    /// A login token for `username` (the bench's password convention), for a cookie or a header.
    func login(_ base: String, username: String) async throws -> String {
        var request = HTTPClientRequest(url: base + "/v1/login")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"username":"\#(username)","password":"\#(username) password","device":"bench web"}"#))
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code == 201, let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let token = json["token"] as? String
        else { throw BenchError("logging in \(username) for the web timings answered \(response.status.code)") }
        return token
    }

    /// A calendar feed path for the token's account.
    func feedPath(_ base: String, token: String) async throws -> String {
        var request = HTTPClientRequest(url: base + "/v1/calendar-feed")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code == 201, let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let path = json["path"] as? String
        else { throw BenchError("making a calendar feed answered \(response.status.code)") }
        return path
    }

    /// The seconds the first GET of `url` took (the server's caches cold) and each of `count` more;
    /// each must answer 200 and contain `expecting`.
    func time(_ url: String, cookie: String? = nil, count: Int, expecting: String) async throws -> (first: Double, then: [Double]) {
        var seconds: [Double] = []
        var first = 0.0
        let clock = ContinuousClock()
        for index in 0...count {
            var request = HTTPClientRequest(url: url)
            if let cookie { request.headers.add(name: "Cookie", value: cookie) }
            let start = clock.now
            let response = try await client.execute(request, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 64 << 20)
            let elapsed = (clock.now - start).seconds
            guard response.status.code == 200, String(buffer: body).contains(expecting) else {
                throw BenchError("GET \(url) answered \(response.status.code) without \"\(expecting)\"")
            }
            if index > 0 { seconds.append(elapsed) } else { first = elapsed }
        }
        return (first, seconds)
    }
}
