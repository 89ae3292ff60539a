import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// CPU seconds (user + system) a process has used so far, read from /proc: on two shared cores the
/// wall time of a workload does not say whether the server or the client spent it.
enum ProcessorTime {
    static func seconds(pid: Int32? = nil) -> Double? {
        let path = pid.map { "/proc/\($0)/stat" } ?? "/proc/self/stat"
        guard let stat = try? String(contentsOfFile: path, encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // After the command name in parentheses: state is field 3, utime 14 and stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ticks > 0 ? (user + system) / ticks : nil
    }

    /// The CPU seconds the benchmark process and the server spent while `work` ran.
    static func measure<T>(server: Int32, _ work: () async throws -> T) async rethrows -> (value: T, client: Double, server: Double) {
        let client0 = seconds() ?? 0
        let server0 = seconds(pid: server) ?? 0
        let value = try await work()
        return (value, (seconds() ?? 0) - client0, (seconds(pid: server) ?? 0) - server0)
    }
}
