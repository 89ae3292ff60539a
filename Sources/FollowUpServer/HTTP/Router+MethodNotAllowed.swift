import FollowUpProtocol
import HTTPTypes
import Hummingbird

extension Router where Context == AppRequestContext {
    /// Answers a method that a known path does not take with `405 method-not-allowed` and an `Allow`
    /// header (SPEC §9), where Hummingbird's router answers 404 as for an unknown path.
    ///
    /// Call it once every route is registered: it adds, for each registered path, a route for every
    /// other common method. These sit outside any authentication group, so a wrong method is told
    /// so before a token is asked for. `HEAD` stays with `GET` (the router answers it as `GET`
    /// without a body, `autoGenerateHeadEndpoints`).
    func refuseOtherMethods() {
        let common: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete]
        // Methods a scanner tries (WebDAV's among them): refused the same way, so a known path never
        // looks unknown. `Allow` lists only the common ones the path takes.
        let probed: [HTTPRequest.Method] =
            [.options, .trace]
            + ["PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "REPORT", "SEARCH"].compactMap {
                HTTPRequest.Method($0)
            }
        let routesByPath = Dictionary(grouping: routes) { $0.path.description }
        for routes in routesByPath.values {
            guard let path = routes.first?.path else { continue }
            var allowed = Set(routes.map(\.method))
            if allowed.contains(.get) { allowed.insert(.head) }
            let allow = common.filter { allowed.contains($0) }.map(\.rawValue).joined(separator: ", ")
            for method in common + probed where !allowed.contains(method) {
                on(path, method: method) { request, _ -> Response in
                    throw APIError(
                        .methodNotAllowed,
                        detail: "\(request.uri.path) does not accept \(request.method); it accepts \(allow)",
                        allow: allow
                    )
                }
            }
        }
    }
}
