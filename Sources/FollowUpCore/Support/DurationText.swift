/// Short human wording of a duration, for error messages ("7 min 30 s", "250 ms").
enum DurationText {
    static func millis(_ value: UInt64) -> String {
        if value < 1000 { return "\(value) ms" }
        let seconds = value / 1000
        if seconds < 60 { return "\(seconds) s" }
        let minutes = seconds / 60
        if minutes < 120 {
            let rest = seconds % 60
            return rest == 0 ? "\(minutes) min" : "\(minutes) min \(rest) s"
        }
        let hours = minutes / 60
        if hours < 48 { return "\(hours) h" }
        return "\(hours / 24) days"
    }
}
