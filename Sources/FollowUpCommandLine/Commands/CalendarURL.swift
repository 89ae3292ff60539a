import ArgumentParser
import FollowUpClient
import FollowUpProtocol
import Foundation

struct CalendarURL: ReplicaCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar-url",
        abstract: "Make a secret calendar address your phone or calendar application can subscribe to.",
        discussion: """
            The feed has your interviews as events and each open follow-up on the last day of its window, \
            with an alarm that morning; a counselor's covers the caseload. Anyone with the address can read \
            it: running this again makes a new address and ends the old one; --revoke ends it.
            """
    )

    @Flag(help: "End the current address; it answers 404 from then on.") var revoke = false

    func run(_ context: CommandContext) async throws {
        let session = try context.replica.requireSession()
        guard let token = session.token else { throw ClientError.sessionEnded("this device is logged out") }
        let client = try SyncClient(server: session.serverURL, token: token)
        if revoke {
            try await client.using { try await $0.revokeCalendarFeed() }
            context.output.line("the calendar address is revoked; calendars subscribed to it stop updating")
            return
        }
        let feed = try await client.using { try await $0.createCalendarFeed() }
        context.output.line(session.serverURL + feed.path)
        context.output.note(
            "subscribe to it by URL in Google Calendar, Apple Calendar or Thunderbird; keep it private (any earlier address no longer works)"
        )
    }
}
