public import Foundation

extension EntityState {
    /// The field as a date, if it holds a `YYYY-MM-DD` string.
    public func date(_ field: String) -> LocalDate? {
        string(field).flatMap { LocalDate(iso: $0) }
    }

    /// The field as an id, if it holds a UUID string.
    public func uuid(_ field: String) -> UUID? {
        string(field).flatMap { UUID(uuidString: $0) }
    }

    /// The field as text with surrounding white space removed; `nil` when missing or blank.
    public func text(_ field: String) -> String? {
        guard let value = string(field) else { return nil }
        // Most text has nothing to trim: skip Foundation's trimming then (it is slow, and this runs
        // for every field of every record a sync projects).
        let untrimmed = value.first.map { !$0.isWhitespace } ?? false && value.last.map { !$0.isWhitespace } ?? false
        let trimmed = untrimmed ? value : value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The field as a value of a string-backed enumeration; `nil` when missing or not one of its cases
    /// (a value a newer client wrote stays in the state, readable with ``string(_:)``).
    public func enumeration<Value: RawRepresentable>(_ field: String, as type: Value.Type = Value.self) -> Value?
    where Value.RawValue == String {
        string(field).flatMap(Value.init(rawValue:))
    }
}

extension Edit {
    /// Sets a text field; `nil` or blank text clears it.
    public mutating func set(_ field: String, text: String?) {
        let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines)
        set[field] = trimmed.map { $0.isEmpty ? .null : .string($0) } ?? .null
    }

    /// Sets a date field; `nil` clears it.
    public mutating func set(_ field: String, date: LocalDate?) {
        set[field] = date.map { .string($0.description) } ?? .null
    }

    /// Sets an id field; `nil` clears it.
    public mutating func set(_ field: String, id: UUID?) {
        set[field] = id.map { .string($0.lowercased) } ?? .null
    }

    /// Sets a field to one case of a string-backed enumeration.
    public mutating func set<Value: RawRepresentable>(_ field: String, _ value: Value?) where Value.RawValue == String {
        set[field] = value.map { .string($0.rawValue) } ?? .null
    }
}
