import Foundation

/// A library clip worth showing next to the teacher's clips, with its reasons in words.
public struct LibraryClipSuggestion: Sendable, Equatable, Codable {
    public var clipID: String
    public var label: String?
    public var duration: Double
    public var grade: String?
    /// 1 = the best.
    public var rank: Int
    public var reasons: [String]

    public init(clipID: String, label: String?, duration: Double, grade: String?, rank: Int, reasons: [String]) {
        self.clipID = clipID
        self.label = label
        self.duration = duration
        self.grade = grade
        self.rank = rank
        self.reasons = reasons
    }
}

/// A clip annotated on the focus codes that is not suggested, and why.
public struct LibraryClipRejection: Sendable, Equatable, Codable {
    public var clipID: String
    public var reason: String

    public init(clipID: String, reason: String) {
        self.clipID = clipID
        self.reason = reason
    }
}

/// Ranks library clips for a cycle. Deterministic; the order (docs/coaching-cycle.md):
///
/// 1. only clips scored on at least one focus code, not from the teacher's own lessons,
///    not used with this teacher in an earlier cycle, with a grade within one of the
///    teacher's (when the teacher's grade is known; a clip without a readable grade is then left out);
/// 2. more focus codes scored first;
/// 3. then the better agreed score: per code the point every rater gives at least
///    (the lowest goodness among its scores; reverse-scored codes turned round), summed;
/// 4. then the shorter clip (to the millisecond);
/// 5. then the clip id, ascending: numerically when both are numbers (catalog ids: the
///    clip catalogued first), else by bytes (the stable tie-break).
public struct LibraryClipRecommender: Sendable {
    public var focusCodes: [String]
    public var codebook: Codebook
    public var teacher: String
    public var teacherGrade: String?
    /// Library clips already shown to this teacher: clip id -> the cycle that used it.
    public var usedClips: [String: Int]
    /// Fingerprints of the teacher's lessons.
    public var ownLessonFingerprints: Set<String>
    public var limit: Int
    /// A librarian's view: also rank clips not cleared as `library` (their reasons say so).
    public var allStatuses = false

    public init(focusCodes: [String], codebook: Codebook, teacher: String, teacherGrade: String? = nil,
                usedClips: [String: Int] = [:], ownLessonFingerprints: Set<String> = [], limit: Int = 3) {
        self.focusCodes = focusCodes
        self.codebook = codebook
        self.teacher = teacher
        self.teacherGrade = teacherGrade
        self.usedClips = usedClips
        self.ownLessonFingerprints = ownLessonFingerprints
        self.limit = limit
    }

    struct Ranked {
        var clip: LibraryClipFacts
        var codesScored: Int
        var goodness: Int
        var pointReasons: [String]
        var milliseconds: Int64 { Int64((clip.duration * 1000).rounded()) }

        func sameScore(as other: Ranked) -> Bool { codesScored == other.codesScored && goodness == other.goodness }

        func comesBefore(_ other: Ranked) -> Bool {
            if codesScored != other.codesScored { return codesScored > other.codesScored }
            if goodness != other.goodness { return goodness > other.goodness }
            if milliseconds != other.milliseconds { return milliseconds < other.milliseconds }
            return LibraryClipRecommender.idPrecedes(clip.id, other.clip.id)
        }
    }

    public func suggest(_ clips: [LibraryClipFacts]) -> (suggestions: [LibraryClipSuggestion], notSuggested: [LibraryClipRejection]) {
        let teacherLevel = GradeLevel.parse(teacherGrade)
        var eligible: [Ranked] = []
        var rejected: [LibraryClipRejection] = []
        for clip in clips {
            guard let ranked = rank(clip) else { continue } // not scored on the focus codes: not a candidate
            if let reason = exclusion(of: clip, teacherLevel: teacherLevel) {
                rejected.append(LibraryClipRejection(clipID: clip.id, reason: reason))
            } else {
                eligible.append(ranked)
            }
        }
        eligible.sort { $0.comesBefore($1) }
        rejected.sort { Self.idPrecedes($0.clipID, $1.clipID) }
        let shown = eligible.prefix(max(0, limit))
        let suggestions = shown.enumerated().map { position, ranked in
            LibraryClipSuggestion(clipID: ranked.clip.id, label: ranked.clip.label, duration: ranked.clip.duration,
                                  grade: ranked.clip.grade, rank: position + 1,
                                  reasons: reasons(for: position, in: eligible, teacherLevel: teacherLevel))
        }
        return (suggestions, rejected)
    }

    /// The stable order of clip ids: numbers by value ("9" before "10"), anything else by bytes.
    static func idPrecedes(_ a: String, _ b: String) -> Bool {
        if let x = Int64(a), let y = Int64(b) { return x < y }
        return Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
    }

    /// The clip's agreed points on the focus codes; nil when it has none.
    func rank(_ clip: LibraryClipFacts) -> Ranked? {
        var codesScored = 0, total = 0
        var reasons: [String] = []
        for codeID in focusCodes {
            guard let code = codebook.code(codeID) else { continue }
            let scores = clip.scores.filter { $0.code == codeID }
            let points = scores.compactMap { score in codebook.goodness(of: score.score, in: code).map { ($0, score.score) } }
            guard let agreed = points.min(by: { $0.0 < $1.0 }) else { continue }
            codesScored += 1
            total += agreed.0
            let who = points.count == 1 ? "by its one rater" : "by all \(points.count) scores"
            reasons.append("\(codeID): at least \(codebook.describePoint(agreed.1, in: code)) \(who)")
        }
        guard codesScored > 0 else { return nil }
        return Ranked(clip: clip, codesScored: codesScored, goodness: total, pointReasons: reasons)
    }

    private func exclusion(of clip: LibraryClipFacts, teacherLevel: Int?) -> String? {
        if clip.isFromOwnLessons(teacher: teacher, lessonFingerprints: ownLessonFingerprints) {
            return "from \(teacher)'s own lessons"
        }
        if !clip.isClearedForLibrary && !allStatuses {
            return "shared as '\((clip.sharing ?? .private).rawValue)': not cleared to show other teachers"
        }
        if let cycle = usedClips[clip.id] {
            return "already used with \(teacher) in cycle \(cycle)"
        }
        guard let teacherLevel else { return nil }
        guard let clipLevel = GradeLevel.parse(clip.grade) else {
            return clip.grade.map { "grade '\($0)' is not a grade ClipCoach can compare with \(teacherGrade ?? "")" }
                ?? "no grade recorded (tag the clip with its grade)"
        }
        if abs(clipLevel - teacherLevel) > 1 {
            return "grade \(clip.grade ?? "") is more than one grade from the teacher's \(teacherGrade ?? "")"
        }
        return nil
    }

    private func reasons(for position: Int, in ranked: [Ranked], teacherLevel: Int?) -> [String] {
        let chosen = ranked[position]
        var reasons = ["rank \(position + 1) of \(ranked.count) eligible clip\(ranked.count == 1 ? "" : "s")"]
        let clip = ranked[position].clip
        if !clip.isClearedForLibrary {
            reasons.insert("[\((clip.sharing ?? .private).rawValue)] NOT cleared for the library: cycle pick refuses it", at: 0)
        }
        reasons += chosen.pointReasons
        if chosen.codesScored < focusCodes.count {
            reasons.append("scored on \(chosen.codesScored) of the \(focusCodes.count) focus codes")
        }
        if let teacherLevel, let grade = chosen.clip.grade, let level = GradeLevel.parse(grade) {
            reasons.append(level == teacherLevel ? "grade \(grade), the teacher's grade"
                           : "grade \(grade), within one grade of the teacher's \(teacherGrade ?? "")")
        } else if teacherLevel == nil {
            reasons.append("no grade given for the teacher: grade not compared")
        }
        reasons.append("not used with \(teacher) before")
        reasons.append("\(Timecode.format(chosen.clip.duration)) long")
        let neighbours = [position > 0 ? ranked[position - 1] : nil, position + 1 < ranked.count ? ranked[position + 1] : nil]
        for other in neighbours.compactMap({ $0 }) where other.sameScore(as: chosen) {
            let before = chosen.comesBefore(other)
            if other.milliseconds != chosen.milliseconds {
                reasons.append("same score as \(other.clip.id), but \(before ? "shorter" : "longer") (\(Timecode.format(other.clip.duration)))")
            } else {
                reasons.append("tied with \(other.clip.id) on score and length: ordered by clip id, ascending (\(before ? "comes first" : "comes after"))")
            }
        }
        return reasons
    }
}
