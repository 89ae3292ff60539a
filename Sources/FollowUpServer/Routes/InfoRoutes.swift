import FollowUpProtocol
import Foundation
import Hummingbird

/// `GET /healthz` for load balancers and `GET /v1/info` for clients deciding whether they can talk to us.
struct InfoRoutes {
    let database: any SyncStore
    let configuration: ServerConfiguration

    func register(on router: Router<AppRequestContext>) {
        router.get("healthz") { request, _ in
            try await database.ping()
            return try JSONResponse.make(["status": "ok"], for: request)
        }
        router.get(RouterPath(Endpoint.info)) { request, _ in
            try JSONResponse.make(info, for: request)
        }
    }

    var info: ServerInfo {
        ServerInfo(
            versions: [ProtocolVersion.current],
            serverID: database.serverID,
            epoch: database.epoch,
            limits: .init(
                maxBodyBytes: configuration.maxBodyBytes,
                maxBatch: configuration.maxBatch,
                maxPage: configuration.maxPage,
                maxWaitSeconds: configuration.maxWaitSeconds,
                maxClockDriftSeconds: Int(configuration.maxClockDriftMillis / 1000),
                changeLimits: configuration.changeLimits
            )
        )
    }
}
