import FollowUpClient
import FollowUpCore
import FollowUpProtocol
import Foundation

extension Replica {
    /// Writes `count` interviews ("Company 0", "Company 1", … in positions cycling through 17) for the
    /// session's account straight into the replica file in one transaction, as if typed in offline;
    /// returns their ids in the order written.
    func writeInterviews(_ count: Int) throws -> [UUID] {
        let owner = try requireSession().account.id
        var created: [UUID] = []
        try write { writer in
            for index in 0..<count {
                let id = UUID()
                var edit = Edit()
                edit.set(Interview.Field.company, text: "Company \(index)")
                edit.set(Interview.Field.position, text: "Position \(index % 17)")
                try writer.write(.interview, id: id, owner: owner, edit: edit)
                created.append(id)
            }
        }
        return created
    }
}
