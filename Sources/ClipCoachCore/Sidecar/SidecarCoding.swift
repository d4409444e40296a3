import Foundation

// Hand-written Codable for the sidecar types: each keeps its unknown fields
// (see `UnknownFields`) and writes times rounded to the millisecond.

extension Sidecar: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case schema, schemaVersion, kind, id, revision, createdAt, updatedAt, source, clip
        case segments, segmentLength, context, codebook, annotations
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decode(String.self, forKey: .schema)
        schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
        kind = try c.decode(Kind.self, forKey: .kind)
        id = try c.decode(String.self, forKey: .id)
        revision = try c.decode(Int.self, forKey: .revision)
        createdAt = try c.decode(String.self, forKey: .createdAt)
        updatedAt = try c.decode(String.self, forKey: .updatedAt)
        source = try c.decode(Source.self, forKey: .source)
        clip = try c.decodeIfPresent(Clip.self, forKey: .clip)
        segments = try c.decodeIfPresent([Segment].self, forKey: .segments)
        segmentLength = try c.decodeIfPresent(Double.self, forKey: .segmentLength)
        context = try c.decode(Context.self, forKey: .context)
        codebook = try c.decodeIfPresent(CodebookReference.self, forKey: .codebook)
        annotations = try c.decode([Annotation].self, forKey: .annotations)
        unknownFields = try UnknownFields.collect(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        try UnknownFields.encode(unknownFields, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(kind, forKey: .kind)
        try c.encode(id, forKey: .id)
        try c.encode(revision, forKey: .revision)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(clip, forKey: .clip)
        try c.encodeIfPresent(segments, forKey: .segments)
        try c.encodeIfPresent(segmentLength.map(Timecode.rounded), forKey: .segmentLength)
        try c.encode(context, forKey: .context)
        try c.encodeIfPresent(codebook, forKey: .codebook)
        try c.encode(annotations, forKey: .annotations)
    }
}

extension Sidecar.Source: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case path, fingerprint, duration, size }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        fingerprint = try c.decode(String.self, forKey: .fingerprint)
        duration = try c.decode(Double.self, forKey: .duration)
        size = try c.decode(Int64.self, forKey: .size)
        unknownFields = try UnknownFields.collect(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        try UnknownFields.encode(unknownFields, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(fingerprint, forKey: .fingerprint)
        try c.encode(Timecode.rounded(duration), forKey: .duration)
        try c.encode(size, forKey: .size)
    }
}

extension Sidecar.Clip: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case label, file, poster, requestedStart, requestedEnd, actualStart, actualEnd, duration
        case mode, container, streams, warnings
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        label = try c.decode(String.self, forKey: .label)
        file = try c.decode(String.self, forKey: .file)
        poster = try c.decodeIfPresent(String.self, forKey: .poster)
        requestedStart = try c.decode(Double.self, forKey: .requestedStart)
        requestedEnd = try c.decode(Double.self, forKey: .requestedEnd)
        actualStart = try c.decode(Double.self, forKey: .actualStart)
        actualEnd = try c.decode(Double.self, forKey: .actualEnd)
        duration = try c.decode(Double.self, forKey: .duration)
        mode = try c.decode(Mode.self, forKey: .mode)
        container = try c.decode(String.self, forKey: .container)
        streams = try c.decode([Sidecar.WrittenStream].self, forKey: .streams)
        warnings = try c.decode([String].self, forKey: .warnings)
        unknownFields = try UnknownFields.collect(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        try UnknownFields.encode(unknownFields, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(label, forKey: .label)
        try c.encode(file, forKey: .file)
        try c.encodeIfPresent(poster, forKey: .poster)
        try c.encode(Timecode.rounded(requestedStart), forKey: .requestedStart)
        try c.encode(Timecode.rounded(requestedEnd), forKey: .requestedEnd)
        try c.encode(Timecode.rounded(actualStart), forKey: .actualStart)
        try c.encode(Timecode.rounded(actualEnd), forKey: .actualEnd)
        try c.encode(Timecode.rounded(duration), forKey: .duration)
        try c.encode(mode, forKey: .mode)
        try c.encode(container, forKey: .container)
        try c.encode(streams, forKey: .streams)
        try c.encode(warnings, forKey: .warnings)
    }
}

extension Sidecar.WrittenStream: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case index, kind, codec, language }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        index = try c.decode(Int.self, forKey: .index)
        kind = try c.decode(String.self, forKey: .kind)
        codec = try c.decode(String.self, forKey: .codec)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        unknownFields = try UnknownFields.collect(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        try UnknownFields.encode(unknownFields, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(kind, forKey: .kind)
        try c.encode(codec, forKey: .codec)
        try c.encodeIfPresent(language, forKey: .language)
    }
}

extension Sidecar.Segment: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case number, start, end }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        number = try c.decode(Int.self, forKey: .number)
        start = try c.decode(Double.self, forKey: .start)
        end = try c.decode(Double.self, forKey: .end)
        unknownFields = try UnknownFields.collect(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        try UnknownFields.encode(unknownFields, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(Timecode.rounded(start), forKey: .start)
        try c.encode(Timecode.rounded(end), forKey: .end)
    }
}

extension Sidecar.Context: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case teacher, grade, topic, lessonDate, tags }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        teacher = try c.decodeIfPresent(String.self, forKey: .teacher)
        grade = try c.decodeIfPresent(String.self, forKey: .grade)
        topic = try c.decodeIfPresent(String.self, forKey: .topic)
        lessonDate = try c.decodeIfPresent(String.self, forKey: .lessonDate)
        tags = try c.decode([String].self, forKey: .tags)
        unknownFields = try UnknownFields.collect(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        try UnknownFields.encode(unknownFields, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(teacher, forKey: .teacher)
        try c.encodeIfPresent(grade, forKey: .grade)
        try c.encodeIfPresent(topic, forKey: .topic)
        try c.encodeIfPresent(lessonDate, forKey: .lessonDate)
        try c.encode(tags, forKey: .tags)
    }
}

extension Sidecar.CodebookReference: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case id, version }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        version = try c.decode(String.self, forKey: .version)
        unknownFields = try UnknownFields.collect(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        try UnknownFields.encode(unknownFields, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(version, forKey: .version)
    }
}

extension Sidecar.Annotation: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, code, score, rater, role, note, segment, evidence, createdAt, updatedAt
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        code = try c.decode(String.self, forKey: .code)
        score = try c.decode(String.self, forKey: .score)
        rater = try c.decode(String.self, forKey: .rater)
        role = try c.decode(Role.self, forKey: .role)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        segment = try c.decodeIfPresent(Int.self, forKey: .segment)
        evidence = try c.decode([Sidecar.Evidence].self, forKey: .evidence)
        createdAt = try c.decode(String.self, forKey: .createdAt)
        updatedAt = try c.decode(String.self, forKey: .updatedAt)
        unknownFields = try UnknownFields.collect(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        try UnknownFields.encode(unknownFields, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(code, forKey: .code)
        try c.encode(score, forKey: .score)
        try c.encode(rater, forKey: .rater)
        try c.encode(role, forKey: .role)
        try c.encodeIfPresent(note, forKey: .note)
        try c.encodeIfPresent(segment, forKey: .segment)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

extension Sidecar.Evidence: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case time, comment }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        time = try c.decode(Double.self, forKey: .time)
        comment = try c.decodeIfPresent(String.self, forKey: .comment)
        unknownFields = try UnknownFields.collect(from: decoder, known: CodingKeys.self)
    }

    public func encode(to encoder: Encoder) throws {
        try UnknownFields.encode(unknownFields, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Timecode.rounded(time), forKey: .time)
        try c.encodeIfPresent(comment, forKey: .comment)
    }
}
