/// The hashed binary features of each sentence. Mirrors `sentence_features` in
/// Scripts/train-talkmoves.py exactly (a test compares predictions with the script's own):
/// words and word pairs of the sentence and of its neighbours, who spoke before and after,
/// and how many content words it shares with the previous turn and with the last student turn
/// (restating and revoicing reuse a student's words).
struct TalkMoveFeatures {
    let hashMask: UInt32
    let stopwords: Set<String>

    func features(of sentences: [TalkSentence]) -> [[Int]] {
        let tokens = sentences.map { Self.tokenize($0.text) }
        let content = tokens.map { contentWords($0) }
        let speakers = sentences.map { $0.speaker.lowercased() }
        var turnStart = [Int](repeating: 0, count: sentences.count)
        for i in sentences.indices where i > 0 {
            turnStart[i] = speakers[i - 1] == speakers[i] ? turnStart[i - 1] : i
        }
        var result: [[Int]] = []
        result.reserveCapacity(sentences.count)
        var names: [String] = []
        for i in sentences.indices {
            names.removeAll(keepingCapacity: true)
            let words = tokens[i]
            names.append("bias")
            for word in words { names.append("w:" + word) }
            appendPairs("b:", words, to: &names)
            names.append("first:" + (words.first ?? "<none>"))
            names.append("first2:" + (words.isEmpty ? "<none>" : words.prefix(2).joined(separator: " ")))
            names.append("last:" + (words.last ?? "<none>"))
            names.append("q:" + (words.contains("?") ? "1" : "0"))
            names.append("len:" + Self.lengthBucket(words.count))
            names.append("turnpos:" + (turnStart[i] == i ? "first" : "later"))
            if i > 0 {
                let change = speakers[i - 1] != speakers[i] ? "chg" : "same"
                names.append("prev:" + Self.roleLetter(sentences[i - 1].role) + ":" + change)
                for word in tokens[i - 1] { names.append("pw:" + word) }
                appendPairs("pb:", tokens[i - 1], to: &names)
                names.append("pq:" + (tokens[i - 1].contains("?") ? "1" : "0"))
            } else {
                names.append("prev:<none>")
            }
            if i + 1 < sentences.count {
                let change = speakers[i + 1] != speakers[i] ? "chg" : "same"
                names.append("next:" + Self.roleLetter(sentences[i + 1].role) + ":" + change)
                for word in tokens[i + 1] { names.append("nw:" + word) }
            } else {
                names.append("next:<none>")
            }
            let (previousTurn, lastStudentTurn) = earlierTurns(before: turnStart[i], sentences, speakers, content)
            for (prefix, other) in [("ov", previousTurn), ("os", lastStudentTurn)] {
                let shared = content[i].intersection(other).count
                names.append(prefix + "n:" + (shared < 4 ? String(shared) : "4+"))
                names.append(prefix + "r:" + String(Self.ratioBucket(shared, content[i].count)))
                names.append(prefix + "o:" + String(Self.ratioBucket(shared, other.count)))
            }
            var seen = Set<Int>()
            for name in names { seen.insert(Int(Self.fnv1a(name) & hashMask)) }
            result.append(seen.sorted())
        }
        return result
    }

    /// Content words of the turn just before `start`, and of the last student turn before it.
    private func earlierTurns(before start: Int, _ sentences: [TalkSentence], _ speakers: [String],
                              _ content: [Set<String>]) -> (Set<String>, Set<String>) {
        guard start > 0 else { return ([], []) }
        var previous = Set<String>()
        var j = start - 1
        let previousSpeaker = speakers[j]
        while j >= 0 && speakers[j] == previousSpeaker {
            previous.formUnion(content[j])
            j -= 1
        }
        var student = Set<String>()
        j = start - 1
        while j >= 0 && sentences[j].role != .student { j -= 1 }
        if j >= 0 {
            let studentSpeaker = speakers[j]
            while j >= 0 && speakers[j] == studentSpeaker && sentences[j].role == .student {
                student.formUnion(content[j])
                j -= 1
            }
        }
        return (previous, student)
    }

    private func contentWords(_ words: [String]) -> Set<String> {
        Set(words.filter { $0 != "?" && $0.utf8.count > 1 && !stopwords.contains($0) })
    }

    private func appendPairs(_ prefix: String, _ words: [String], to names: inout [String]) {
        var previous = "<s>"
        for word in words {
            names.append(prefix + previous + " " + word)
            previous = word
        }
        names.append(prefix + previous + " </s>")
    }

    static func roleLetter(_ role: TalkRole) -> String { role == .teacher ? "T" : "S" }

    /// ASCII-lowercased runs of `[a-z0-9']` with outer apostrophes stripped, and `?` as a word;
    /// curly apostrophes count as `'`, every other byte separates words.
    static func tokenize(_ text: String) -> [String] {
        var bytes = Array(text.utf8)
        var i = 0
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(bytes.count)
        while i < bytes.count {
            if i + 2 < bytes.count, bytes[i] == 0xE2, bytes[i + 1] == 0x80, bytes[i + 2] == 0x98 || bytes[i + 2] == 0x99 {
                cleaned.append(UInt8(ascii: "'"))
                i += 3
                continue
            }
            let byte = bytes[i]
            cleaned.append(byte >= 65 && byte <= 90 ? byte + 32 : byte)
            i += 1
        }
        bytes = cleaned
        var words: [String] = []
        var start = -1
        func flush(_ end: Int) {
            guard start >= 0 else { return }
            var from = start, to = end
            while from < to && bytes[from] == UInt8(ascii: "'") { from += 1 }
            while to > from && bytes[to - 1] == UInt8(ascii: "'") { to -= 1 }
            if from < to { words.append(String(decoding: bytes[from..<to], as: UTF8.self)) }
            start = -1
        }
        for (index, byte) in bytes.enumerated() {
            let isWordByte = (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == UInt8(ascii: "'")
            if isWordByte {
                if start < 0 { start = index }
            } else {
                flush(index)
                if byte == UInt8(ascii: "?") { words.append("?") }
            }
        }
        flush(bytes.count)
        return words
    }

    static func fnv1a(_ text: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return hash
    }

    static func ratioBucket(_ shared: Int, _ total: Int) -> Int {
        guard shared > 0, total > 0 else { return 0 }
        return min(4, max(1, (4 * shared + total - 1) / total))
    }

    static func lengthBucket(_ count: Int) -> String {
        for (limit, name) in [(0, "0"), (1, "1"), (2, "2"), (3, "3"), (5, "5"), (8, "8"), (12, "12"), (20, "20")]
        where count <= limit { return name }
        return "more"
    }
}

/// The tokenizer, for tests of the feature mirror.
public enum TalkMoveFeaturesProbe {
    public static func tokens(_ text: String) -> [String] { TalkMoveFeatures.tokenize(text) }
}
