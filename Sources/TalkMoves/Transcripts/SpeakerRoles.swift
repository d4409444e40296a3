import Foundation

/// Who is the teacher: the speaker named by `--teacher`, else speakers written `T`, `T1`, `Teacher`...,
/// else the speaker with the most lines. Everyone else is a student. A line with no speaker
/// continues the speaker before it.
public enum SpeakerRoles {
    public static func assign(_ lines: [Transcript.Line], teacher: String? = nil) throws(TranscriptError) -> [TalkSentence] {
        var speakers: [String] = []
        var current = ""
        for line in lines {
            if !line.speaker.isEmpty { current = line.speaker }
            speakers.append(current)
        }
        let keys = speakers.map(normalized)
        let teachers: Set<String>
        if let teacher {
            let wanted = normalized(teacher)
            guard keys.contains(wanted) else {
                let known = Set(speakers.filter { !$0.isEmpty }).sorted().prefix(12).joined(separator: ", ")
                throw TranscriptError("the teacher '\(teacher)' is not a speaker in the transcript (speakers: \(known))")
            }
            teachers = [wanted]
        } else {
            let marked = Set(keys.filter(isTeacherMark))
            if !marked.isEmpty {
                teachers = marked
            } else {
                var counts: [String: Int] = [:]
                for key in keys { counts[key, default: 0] += 1 }
                let top = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }
                teachers = top.map { [$0.key] } ?? []
            }
        }
        return zip(lines, zip(speakers, keys)).map { line, speaker in
            TalkSentence(speaker: speaker.0, role: teachers.contains(speaker.1) ? .teacher : .student, text: line.text)
        }
    }

    static func normalized(_ speaker: String) -> String {
        speaker.trimmingCharacters(in: .whitespaces).lowercased()
    }

    static func isTeacherMark(_ key: String) -> Bool {
        if key == "teacher" || key.hasPrefix("teacher ") { return true }
        guard key.first == "t" else { return false }
        return key.dropFirst().allSatisfy(\.isNumber)
    }
}
