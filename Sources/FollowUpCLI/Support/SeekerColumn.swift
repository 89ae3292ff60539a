/// Whether a listing names each row's seeker: only when its rows belong to more than one (a
/// counselor's caseload); a seeker's own listing leaves the column out.
struct SeekerColumn {
    private var first: String?
    private(set) var isShown = false

    mutating func saw(_ seeker: String) {
        guard !isShown else { return }
        if let first { isShown = first != seeker } else { first = seeker }
    }

    /// The columns a table leaves out: the seeker's, numbered `column`, unless it is shown.
    func hiding(_ column: Int) -> Set<Int> {
        isShown ? [] : [column]
    }
}
