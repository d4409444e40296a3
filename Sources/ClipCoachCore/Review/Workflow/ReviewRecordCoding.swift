// Hand-written Codable for the review record, keeping unknown fields like the other
// sidecar types (see `UnknownFields` in JSONValue.swift).

extension ReviewRecord: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case sets }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sets = try c.decode([ReviewSet].self, forKey: .sets)
        unknownFields = try UnknownFields.collect(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        try UnknownFields.encode(unknownFields, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sets, forKey: .sets)
    }
}

extension ReviewSet: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case segment, state, submittedBy, updatedAt, events }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        segment = try c.decodeIfPresent(Int.self, forKey: .segment)
        state = try c.decode(ReviewState.self, forKey: .state)
        submittedBy = try c.decodeIfPresent(String.self, forKey: .submittedBy)
        updatedAt = try c.decode(String.self, forKey: .updatedAt)
        events = try c.decode([ReviewEvent].self, forKey: .events)
        unknownFields = try UnknownFields.collect(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        try UnknownFields.encode(unknownFields, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(segment, forKey: .segment)
        try c.encode(state, forKey: .state)
        try c.encodeIfPresent(submittedBy, forKey: .submittedBy)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(events, forKey: .events)
    }
}

extension ReviewEvent: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case at, by, action, from, to, comment, revision, changes, snapshot
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        at = try c.decode(String.self, forKey: .at)
        by = try c.decode(String.self, forKey: .by)
        action = try c.decode(ReviewAction.self, forKey: .action)
        from = try c.decode(ReviewState.self, forKey: .from)
        to = try c.decode(ReviewState.self, forKey: .to)
        comment = try c.decodeIfPresent(String.self, forKey: .comment)
        revision = try c.decode(Int.self, forKey: .revision)
        changes = try c.decode([String].self, forKey: .changes)
        snapshot = try c.decodeIfPresent([AnnotationSnapshot].self, forKey: .snapshot)
        unknownFields = try UnknownFields.collect(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        try UnknownFields.encode(unknownFields, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(at, forKey: .at)
        try c.encode(by, forKey: .by)
        try c.encode(action, forKey: .action)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encodeIfPresent(comment, forKey: .comment)
        try c.encode(revision, forKey: .revision)
        try c.encode(changes, forKey: .changes)
        try c.encodeIfPresent(snapshot, forKey: .snapshot)
    }
}

extension AnnotationSnapshot: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case id, code, score, rater }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        code = try c.decode(String.self, forKey: .code)
        score = try c.decode(String.self, forKey: .score)
        rater = try c.decode(String.self, forKey: .rater)
        unknownFields = try UnknownFields.collect(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        try UnknownFields.encode(unknownFields, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(code, forKey: .code)
        try c.encode(score, forKey: .score)
        try c.encode(rater, forKey: .rater)
    }
}
