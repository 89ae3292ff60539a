/// The rules of FollowUp's own record types that hold for any writer: checked by the server on
/// every push, so that a value no FollowUp client would write (an interviewer email with a line
/// break that becomes a `Bcc:` header in the seeker's draft) never reaches another device.
extension Change {
    public func validateFields() throws(RecordFormatError) {
        switch type {
        case .interviewer:
            if case let .string(email)? = set[Interviewer.Field.email], let problem = EmailAddress.problem(with: email) {
                throw RecordFormatError(path: "set.\(Interviewer.Field.email)", reason: problem)
            }
        default:
            break
        }
    }
}
