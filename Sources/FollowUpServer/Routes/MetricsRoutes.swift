import FollowUpProtocol
import Hummingbird
import NIOCore
import Prometheus

/// `GET /metrics`, Prometheus's text format. Behind an admin token unless the operator opens it
/// (`FOLLOWUP_METRICS=open`, for a server that listens on loopback only): the counts say who is
/// busy and when.
struct MetricsRoutes {
    let metrics: ServerMetrics
    let accounts: AccountService
    let open: Bool

    func register(on router: Router<AppRequestContext>) {
        let group = open ? router.group() : router.group().add(middleware: AuthenticationMiddleware(accounts: accounts, requiredRole: .admin))
        group.get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer()))
            )
        }
    }
}
