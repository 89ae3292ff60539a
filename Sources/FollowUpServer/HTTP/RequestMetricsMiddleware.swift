import Hummingbird

/// Counts every request in ``ServerMetrics`` by its matched route, method and status, with its
/// latency. (Hummingbird's `MetricsMiddleware` reports through swift-metrics' process-wide system,
/// which can be bootstrapped once per process; this one writes to the server's own registry.)
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, status: response.status.code, context: context, since: started)
            return response
        } catch {
            record(request, status: (error as? any HTTPResponseError)?.status.code ?? 500, context: context, since: started)
            throw error
        }
    }

    private func record(_ request: Request, status: Int, context: Context, since started: ContinuousClock.Instant) {
        metrics.request(
            route: context.endpointPath ?? "unmatched",
            method: request.method.rawValue,
            status: status,
            duration: ContinuousClock.now - started
        )
    }
}
