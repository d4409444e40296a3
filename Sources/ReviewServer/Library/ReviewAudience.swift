import ClipCoachCore

/// Who a server is for. `review serve` is the raters' page: it lists and serves only clips
/// shared for review (`coaching`, `library`); a `private` clip answers 404 everywhere, as if it
/// did not exist, and the sharing status cannot be changed there. The studio is the coaches':
/// it sees every clip and sets sharing.
public enum ReviewAudience: Sendable, Equatable {
    case raters
    case coaches

    func maySee(_ status: SharingStatus) -> Bool {
        switch self {
        case .raters: status.reachesRaters
        case .coaches: true
        }
    }
}
