/// Who said a sentence, in the TalkMoves taxonomy's two roles.
public enum TalkRole: String, Sendable, Codable, CaseIterable {
    case teacher, student
}

/// One sentence to tag: who said it (the speaker as written, to see turns) and in which role.
public struct TalkSentence: Sendable, Equatable {
    public var speaker: String
    public var role: TalkRole
    public var text: String

    public init(speaker: String, role: TalkRole, text: String) {
        self.speaker = speaker
        self.role = role
        self.text = text
    }
}

/// The talk move of one sentence: a name of the taxonomy (`none`, `revoicing`, `making-a-claim`...).
public struct TalkMoveTag: Sendable, Equatable, Codable {
    public var role: TalkRole
    public var move: String

    public init(role: TalkRole, move: String) {
        self.role = role
        self.move = move
    }
}

/// The moves of the TalkMoves taxonomy (Suresh et al., LREC 2022), as ClipCoach names them.
public enum TalkMoveNames {
    public static let teacher = ["none", "keeping-together", "getting-students-to-relate", "restating",
                                 "revoicing", "pressing-for-accuracy", "pressing-for-reasoning"]
    public static let student = ["none", "relating-to-another-student", "asking-for-more-information",
                                 "making-a-claim", "providing-evidence"]
}
