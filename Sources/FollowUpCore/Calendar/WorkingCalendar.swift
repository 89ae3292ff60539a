/// Which days are working days: not a weekend day, not a holiday.
///
/// The follow-up plan is counted in working days ("a phone call five to seven working days after
/// the interview"), so weekends and holidays are skipped, across month and year ends alike.
public struct WorkingCalendar: Hashable, Sendable {
    public var weekend: Set<Weekday>
    public var holidays: Set<LocalDate>

    public init(weekend: Set<Weekday> = [.saturday, .sunday], holidays: Set<LocalDate> = []) {
        self.weekend = weekend
        self.holidays = holidays
    }

    public func isWorkingDay(_ date: LocalDate) -> Bool {
        !weekend.contains(date.weekday) && !holidays.contains(date)
    }

    /// The `count`-th working day strictly after `date`; for `count` 0, `date` itself if it is a
    /// working day, otherwise the next one.
    ///
    /// Counting starts the day after whatever day `date` is, so an interview on a Saturday or on a
    /// holiday has Monday (or the next working day) as its first working day after.
    public func workingDay(_ count: Int, after date: LocalDate) -> LocalDate {
        guard weekend.count < 7 else { return date.adding(days: max(count, 0)) }
        if count <= 0 {
            var day = date
            while !isWorkingDay(day) { day = day.adding(days: 1) }
            return day
        }
        var day = date
        var remaining = count
        while remaining > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }

    /// How many working days lie strictly after `start` up to and including `end` (0 if `end` is not after `start`).
    public func workingDays(from start: LocalDate, through end: LocalDate) -> Int {
        guard end > start else { return 0 }
        return (1...start.distance(to: end)).reduce(0) { count, offset in
            count + (isWorkingDay(start.adding(days: offset)) ? 1 : 0)
        }
    }
}
