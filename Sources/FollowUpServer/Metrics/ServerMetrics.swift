import Prometheus

/// What an operator watches a sync server by, in Prometheus's text format at `GET /metrics`:
/// requests by route, method and status with their latency, pushes and the fate of their changes,
/// pull pages, long polls waiting, and the time spent in the database.
///
/// One registry per server (not swift-metrics' process-wide system), so every server a test starts
/// counts only its own requests.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let longPolls: Gauge

    /// Request latency buckets, from a cached pull to a long poll that waited its whole minute.
    private static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
    ]

    init() {
        longPolls = registry.makeGauge(
            descriptor: .init(namespace: "followup", metricName: "long_polls", unitName: "waiting", helpText: "Pulls waiting for news now"),
            labels: []
        )
    }

    /// One answered request; `route` is the matched route pattern (`/v1/admin/accounts/{username}`),
    /// never the raw path, so that ids do not make a series each.
    func request(route: String, method: String, status: Int, duration: Duration) {
        let labels = [("route", route), ("method", method), ("status", String(status))]
        registry.makeCounter(
            descriptor: .init(namespace: "followup", metricName: "http_requests", unitName: "total", helpText: "Requests answered"),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "followup",
                metricName: "http_request_duration",
                unitName: "seconds",
                helpText: "Time to answer a request"
            ),
            labels: [("route", route), ("method", method)],
            buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// One push and what became of its changes.
    func push(accepted: Int, duplicates: Int, rejected: Int) {
        registry.makeCounter(
            descriptor: .init(namespace: "followup", metricName: "pushes", unitName: "total", helpText: "Push requests merged"),
            labels: []
        ).increment()
        for (result, count) in [("accepted", accepted), ("duplicate", duplicates), ("rejected", rejected)] where count > 0 {
            registry.makeCounter(
                descriptor: .init(
                    namespace: "followup",
                    metricName: "changes",
                    unitName: "total",
                    helpText: "Pushed changes by their answer"
                ),
                labels: [("result", result)]
            ).increment(by: Int64(count))
        }
    }

    /// One pull page sent.
    func pullPage(entities: Int) {
        registry.makeCounter(
            descriptor: .init(namespace: "followup", metricName: "pull_pages", unitName: "total", helpText: "Pull pages sent"),
            labels: []
        ).increment()
        registry.makeCounter(
            descriptor: .init(namespace: "followup", metricName: "pulled_records", unitName: "total", helpText: "Records sent in pull pages"),
            labels: []
        ).increment(by: Int64(entities))
    }

    /// Time spent in one database operation (`push`, `pull`).
    func database(_ operation: String, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "followup",
                metricName: "database_duration",
                unitName: "seconds",
                helpText: "Time in the database per operation"
            ),
            labels: [("operation", operation)],
            buckets: Self.latencyBuckets
        ).record(duration)
    }

    func longPollStarted() { longPolls.increment() }
    func longPollEnded() { longPolls.decrement() }
}
