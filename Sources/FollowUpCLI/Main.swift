import FollowUpCommandLine

#if canImport(Glibc)
import Glibc
#endif

/// The `followup` executable: the commands on the process's own terminal.
@main
enum Main {
    static func main() async {
        exit(await FollowUpCommand.execute(Array(CommandLine.arguments.dropFirst())))
    }
}
