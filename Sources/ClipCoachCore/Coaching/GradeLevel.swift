import Foundation

/// Grades as numbers, so "within one grade" can be checked: K = 0, Pre-K = -1,
/// "4", "4th", "Grade 4" = 4; US course names map to their usual grade
/// (Algebra I = 9, Geometry = 10, Algebra II = 11). Anything else is unknown (nil).
public enum GradeLevel {
    public static func parse(_ text: String?) -> Int? {
        guard var word = text?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased(), !word.isEmpty else { return nil }
        let named: [String: Int] = [
            "k": 0, "kindergarten": 0, "pk": -1, "pre-k": -1, "prek": -1, "pre-kindergarten": -1,
            "algebra i": 9, "algebra 1": 9, "geometry": 10, "algebra ii": 11, "algebra 2": 11,
        ]
        if let grade = named[word] { return grade }
        for prefix in ["grade ", "grade", "gr. ", "gr.", "gr "] where word.hasPrefix(prefix) {
            word = String(word.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        if let grade = named[word] { return grade }
        for suffix in ["st", "nd", "rd", "th"] where word.hasSuffix(suffix) {
            word = String(word.dropLast(suffix.count))
            break
        }
        guard !word.isEmpty, word.allSatisfy({ $0.isASCII && $0.isNumber }), let grade = Int(word), (1...12).contains(grade) else {
            return nil
        }
        return grade
    }
}
