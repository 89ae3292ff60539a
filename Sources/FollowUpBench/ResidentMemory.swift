import Foundation

/// Peak resident memory (VmHWM) of a process, read from /proc.
enum ResidentMemory {
    static func peakMegabytes(pid: Int32? = nil) -> Double? {
        let path = pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
        guard let status = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").dropFirst().first
            return digits.flatMap { Double($0) }.map { $0 / 1024 }
        }
        return nil
    }
}
