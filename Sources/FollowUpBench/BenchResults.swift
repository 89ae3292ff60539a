import Foundation

/// Where a benchmark's full results go besides the printed table: every sample, as JSON.
enum BenchResults {
    /// Writes `report` into `directory` as `<name>-<unix time>.json` and returns the file's path.
    static func write(_ report: some Encodable, named name: String, into directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = URL(fileURLWithPath: directory).appendingPathComponent("\(name)-\(Int(Date().timeIntervalSince1970)).json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: file)
        return file.path
    }
}
