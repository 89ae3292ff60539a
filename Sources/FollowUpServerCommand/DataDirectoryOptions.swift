import ArgumentParser
import FollowUpServer
import Foundation

/// `--data DIR`, shared by every command that opens the server's data directory.
struct DataDirectoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The data directory (default: $FOLLOWUP_DATA, else ./followup-data).", valueName: "dir"))
    var data: String?

    /// The directory to use: the flag, then the environment, then the default.
    func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        data ?? environment["FOLLOWUP_DATA"].flatMap { $0.isEmpty ? nil : $0 } ?? ServerConfiguration().dataDirectory
    }

    /// Opens the database, creating the directory first when `create` is set.
    func openDatabase(create: Bool) throws -> ServerDatabase {
        let directory = directory()
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard create else {
                throw CommandError(
                    "there is no data directory at \(directory); start the server once with `followup-server serve --data \(directory)`"
                )
            }
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } else if !isDirectory.boolValue {
            throw CommandError("\(directory) is a file, not a data directory")
        }
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory
        return try ServerDatabase(path: configuration.databasePath)
    }
}

/// A failure a command reports in one line, without a stack trace.
struct CommandError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
