public import Foundation

/// Where a replica lives: `$FOLLOWUP_HOME`, else `$XDG_DATA_HOME/followup`, else
/// `~/.local/share/followup`. Several replicas on one machine are several homes.
public enum FollowUpHome {
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let home = environment["FOLLOWUP_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home, isDirectory: true)
        }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            return URL(fileURLWithPath: data, isDirectory: true).appendingPathComponent("followup", isDirectory: true)
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) } ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".local/share/followup", isDirectory: true)
    }
}
