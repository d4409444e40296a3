/// Where a coaching cycle stands. The steps happen in this order and none is skipped:
/// the coach picks the clips, teacher and coach talk them through (a note for each of the
/// three clips), they agree on an action plan, and the cycle is closed.
public enum CycleState: String, Sendable, Codable, CaseIterable, Comparable {
    case planned = "planned"
    case clipsChosen = "clips-chosen"
    case conversationHeld = "conversation-held"
    case actionPlanSet = "action-plan-set"
    case closed = "closed"

    /// How people read the state: "clips chosen".
    public var label: String { rawValue.replacingOccurrences(of: "-", with: " ") }

    /// What has to happen next, in words.
    public var nextStep: String {
        switch self {
        case .planned: "pick two teacher clips and one library clip"
        case .clipsChosen: "write the notes (describe, elevate, next steps) for all three clips"
        case .conversationHeld: "set the action plan (goals and next-focus codes)"
        case .actionPlanSet: "close the cycle"
        case .closed: "nothing: the cycle is closed"
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        let order = allCases
        return (order.firstIndex(of: a) ?? 0) < (order.firstIndex(of: b) ?? 0)
    }
}

/// The things one can do to a cycle, named for messages.
public enum CycleAction: String, Sendable, Codable {
    case pick, note, plan, close, export

    var phrase: String {
        switch self {
        case .pick: "pick clips"
        case .note: "write notes"
        case .plan: "set the action plan"
        case .close: "close the cycle"
        case .export: "export the cycle packet"
        }
    }
}
