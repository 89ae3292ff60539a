extension String {
    /// The word after "a" or "an", chosen by its first letter, for messages that name a kind:
    /// "an interview", "a note", "an admin", "a counselor". (The words this names are the record
    /// types and roles, none of which starts with a silent or a "you" sound.)
    public var withIndefiniteArticle: String {
        guard let first = first?.lowercased(), "aeiou".contains(first) else { return "a " + self }
        return "an " + self
    }
}
