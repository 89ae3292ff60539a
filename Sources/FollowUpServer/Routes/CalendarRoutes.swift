import FollowUpProtocol
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `POST`/`DELETE /v1/calendar-feed` (signed in) and `GET /calendar/<token>.ics` (the secret address).
struct CalendarRoutes {
    let feeds: CalendarFeedService
    /// Whether the server itself speaks TLS, for the scheme of the addresses it hands out.
    let usesTLS: Bool

    func register(authenticated group: RouterGroup<AppRequestContext>) {
        group.post("calendar-feed") { request, context in
            let info = try await feeds.create(for: try context.caller(), base: PublicAddress.base(of: request, usesTLS: usesTLS))
            return try JSONResponse.make(info, status: .created, for: request)
        }
        group.delete("calendar-feed") { _, context in
            try await feeds.revoke(for: try context.caller())
            return JSONResponse.noContent()
        }
    }

    func register(public router: Router<AppRequestContext>) {
        router.get(RouterPath("\(Endpoint.calendars)/:file")) { request, context in
            let text = try await feeds.feed(file: context.parameters.get("file") ?? "", client: ClientAddress.of(request, context: context))
            var headers = HTTPFields()
            headers[.contentType] = "text/calendar; charset=utf-8"
            headers[.cacheControl] = "private, max-age=300"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
