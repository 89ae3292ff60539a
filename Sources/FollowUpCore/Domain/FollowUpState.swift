/// A follow-up's state: its status with the fields that go with it — when it was done, what came
/// of it, why it was skipped.
///
/// The four are always written together, in one change, so they carry one stamp; merged field by
/// field (last writer wins), every replica then keeps the same change's four values, never a mix
/// such as "attempted" with a `doneAt` from a concurrent "done". An action that does not use a
/// field writes it empty.
public struct FollowUpState: Hashable, Sendable {
    public var status: FollowUp.Status
    public var doneAt: String?
    public var outcome: String?
    public var reason: String?

    public init(_ status: FollowUp.Status, doneAt: String? = nil, outcome: String? = nil, reason: String? = nil) {
        self.status = status
        self.doneAt = doneAt
        self.outcome = outcome
        self.reason = reason
    }

    /// The fields that merge as one.
    public static let fields = [FollowUp.Field.status, FollowUp.Field.doneAt, FollowUp.Field.outcome, FollowUp.Field.reason]
}

extension Edit {
    /// Writes a follow-up's state whole (see ``FollowUpState``).
    public mutating func set(_ state: FollowUpState) {
        set(FollowUp.Field.status, state.status)
        set(FollowUp.Field.doneAt, text: state.doneAt)
        set(FollowUp.Field.outcome, text: state.outcome)
        set(FollowUp.Field.reason, text: state.reason)
        together.formUnion(FollowUpState.fields)
    }
}
