extension LocalDate {
    private static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// "November 28, 2026", as a letter is dated (English, independent of the machine's locale).
    public var longText: String {
        "\(Self.monthNames[month - 1]) \(day), \(year)"
    }

    /// "Nov 20", for windows and tables.
    public var shortText: String {
        "\(Self.monthNames[month - 1].prefix(3)) \(day)"
    }

    /// "Friday, November 20".
    public var weekdayAndDay: String {
        "\(weekday.rawValue.prefix(1).uppercased())\(weekday.rawValue.dropFirst()), \(Self.monthNames[month - 1]) \(day)"
    }
}
