import FollowUpServer
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test("FOLLOWUP_* variables set the server's limits and pull compression; unset ones keep the defaults")
    func environment() throws {
        let configuration = try ServerConfiguration(environment: [
            "FOLLOWUP_PORT": "9090", "FOLLOWUP_MAX_PAGE": "300", "FOLLOWUP_PULL_COMPRESSION": "4", "FOLLOWUP_TOKEN_DAYS": "2",
        ])
        #expect(configuration.port == 9090)
        #expect(configuration.maxPage == 300)
        #expect(configuration.defaultPage == 300, "the default page never exceeds the largest")
        #expect(configuration.pullCompressionQuality == 4)
        #expect(configuration.tokenLifetime == 2 * 86_400)
        #expect(configuration.maxBatch == ServerConfiguration().maxBatch)
        #expect(try ServerConfiguration(environment: [:]).pullCompressionQuality == 7)
    }

    @Test(
        "an out-of-range or non-numeric setting is refused with its name and the range it takes",
        arguments: [
            ("FOLLOWUP_PULL_COMPRESSION", "12", "0 to 11"), ("FOLLOWUP_PULL_COMPRESSION", "-1", "0 to 11"),
            ("FOLLOWUP_PULL_COMPRESSION", "best", "0 to 11"), ("FOLLOWUP_PORT", "70000", "0 to 65535"),
        ]
    )
    func refused(name: String, value: String, range: String) {
        #expect {
            _ = try ServerConfiguration(environment: [name: value])
        } throws: { error in
            let message = "\(error)"
            return message.contains(name) && message.contains(range) && message.contains("\"\(value)\"")
        }
    }

    @Test("a pull compression set in code outside Brotli's 0–11 fails validation before the server starts")
    func validation() throws {
        var configuration = ServerConfiguration()
        try configuration.validate()
        configuration.pullCompressionQuality = 12
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
    }

    @Test("a PostgreSQL URL is read with its parts, pool and timeout; its password never shows in what is printed")
    func postgresURL() throws {
        var configuration = try ServerConfiguration(environment: [
            "FOLLOWUP_DATABASE_URL": "postgres://followup:s%40cret@db.internal:6543/career?sslmode=verify-full",
            "FOLLOWUP_DATABASE_POOL": "4",
            "FOLLOWUP_DATABASE_TIMEOUT": "9",
        ])
        guard case .postgres(let settings) = try configuration.databaseLocation(environment: [:]) else {
            Issue.record("a URL must select PostgreSQL")
            return
        }
        #expect(settings.host == "db.internal" && settings.port == 6543 && settings.database == "career")
        #expect(settings.username == "followup" && settings.password == "s@cret" && settings.tls == .verifyFull)
        #expect(settings.poolSize == 4 && settings.statementTimeout == .seconds(9))
        #expect(settings.description == "postgres://followup@db.internal:6543/career")
        configuration.databaseURL = nil
        #expect(try configuration.databaseLocation(environment: [:]) == .sqlite(path: configuration.databasePath))
    }

    @Test(
        "a PostgreSQL URL that cannot be used says what is wrong, without the password",
        arguments: [
            ("mysql://root:hunter2@db/x", "expected postgres://"), ("postgres://db.internal/x", "no user"),
            ("postgres://u:hunter2@db.internal", "no database"), ("postgres://u:hunter2@db/x?sslmode=maybe", "sslmode must be"),
            ("postgres://u:hunter2@db/x?pool=3", "unknown URL parameter"),
        ]
    )
    func badPostgresURL(url: String, says: String) {
        #expect {
            _ = try PostgresSettings(url: url, environment: [:])
        } throws: { error in
            "\(error)".contains(says) && !"\(error)".contains("hunter2")
        }
    }
}
