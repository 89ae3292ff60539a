/// Whether a listing names each row's seeker: only when its rows belong to more than one (a
/// counselor's caseload); a seeker's own listing leaves the column out.
struct SeekerColumn {
    private var first: String?
    private var isShown = false

    private mutating func saw(_ seeker: String) {
        guard !isShown else { return }
        if let first { isShown = first != seeker } else { first = seeker }
    }

    /// Writes a row's seeker as its cell of `table` (empty when unknown), noting it.
    mutating func cell(_ seeker: String?, in table: inout TextTable) {
        if let seeker {
            saw(seeker)
            table.write(seeker)
        }
        table.endCell()
    }

    /// The columns a table leaves out: the seeker's, numbered `column`, unless it is shown.
    func hiding(_ column: Int) -> Set<Int> {
        isShown ? [] : [column]
    }
}
