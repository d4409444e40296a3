import Foundation

/// What `--text` matches, computed in Swift so SQLite and PostgreSQL give the same answers.
///
/// A clip's words are stored in `clip_text.terms` as space-separated terms: each word
/// folded (lower case, no diacritics) and that word's stem. A query word matches when
/// some term of the clip begins with the folded word or with one of its stems, so word
/// prefixes still work ("numer" finds "numeric") and word forms meet ("explain" finds
/// "explains", "explaining", "explanation"; "justify" finds "justification").
///
/// The stem is Porter's (the same stems as SQLite FTS5's `porter` tokenizer; a test holds
/// the two to one answer), then two small steps Porter leaves out: a final `i` from `y`
/// goes ("justifi" -> "justif", as "justification" -> "justif"), and a final `ain`/`aim`
/// loses its `i` ("explain" -> "explan", as "explanation" -> "explan").
public enum SearchTerms {
    /// The words of `text`: folded, split at anything that is not a letter or a digit.
    public static func words(_ text: String) -> [String] {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
            .components(separatedBy: CharacterSet.alphanumerics.inverted).filter { !$0.isEmpty }
    }

    /// The `terms` column for `texts`: every word and its stem, each once, in first-seen order.
    public static func indexed(_ texts: [String]) -> String {
        var seen = Set<String>()
        var terms: [String] = []
        for word in texts.flatMap(words) {
            for term in [word, stem(word)] where seen.insert(term).inserted { terms.append(term) }
        }
        return terms.joined(separator: " ")
    }

    /// The prefixes one query word may match: the word, its stem, and its Porter stem
    /// ("certain" -> certain, certan; "certainly" is stored as "certainl", found by "certain").
    public static func prefixes(ofQueryWord word: String) -> [String] {
        var result: [String] = []
        for prefix in [word, stem(word), dropFinalI(PorterStemmer.stem(word))] where !result.contains(prefix) {
            result.append(prefix)
        }
        // A prefix that another begins with adds nothing.
        return result.filter { prefix in !result.contains { $0 != prefix && prefix.hasPrefix($0) } }
    }

    /// Porter's stem and the two steps after it (see the type's note).
    public static func stem(_ word: String) -> String {
        var stem = dropFinalI(PorterStemmer.stem(word))
        if stem.count >= 6, stem.hasSuffix("ain") || stem.hasSuffix("aim") {
            stem.remove(at: stem.index(stem.endIndex, offsetBy: -2))
        }
        return stem
    }

    static func dropFinalI(_ stem: String) -> String {
        stem.count > 4 && stem.hasSuffix("i") ? String(stem.dropLast()) : stem
    }
}

/// M. F. Porter's 1980 suffix stripper, as in his reference C version (which SQLite's FTS5
/// `porter` tokenizer follows). Words of lower-case ASCII letters only; any other word and
/// words of one or two letters are returned as they are.
public enum PorterStemmer {
    public static func stem(_ word: String) -> String {
        let bytes = Array(word.utf8)
        guard bytes.count > 2, bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
        var stemmer = Run(b: bytes)
        stemmer.run()
        return String(decoding: stemmer.b[0...stemmer.k], as: UTF8.self)
    }

    private struct Run {
        var b: [UInt8]
        var k: Int
        var j = 0

        init(b: [UInt8]) {
            self.b = b
            self.k = b.count - 1
        }

        func cons(_ i: Int) -> Bool {
            switch b[i] {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"): return false
            case UInt8(ascii: "y"): return i == 0 ? true : !cons(i - 1)
            default: return true
            }
        }

        /// The number of vowel-consonant sequences in b[0...j].
        func m() -> Int {
            var n = 0
            var i = 0
            while true {
                if i > j { return n }
                if !cons(i) { break }
                i += 1
            }
            i += 1
            while true {
                while true {
                    if i > j { return n }
                    if cons(i) { break }
                    i += 1
                }
                i += 1
                n += 1
                while true {
                    if i > j { return n }
                    if !cons(i) { break }
                    i += 1
                }
                i += 1
            }
        }

        func vowelInStem() -> Bool { (0...max(j, 0)).contains { $0 <= j && !cons($0) } }

        func doubleC(_ j: Int) -> Bool { j >= 1 && b[j] == b[j - 1] && cons(j) }

        func cvc(_ i: Int) -> Bool {
            guard i >= 2, cons(i), !cons(i - 1), cons(i - 2) else { return false }
            return ![UInt8(ascii: "w"), UInt8(ascii: "x"), UInt8(ascii: "y")].contains(b[i])
        }

        mutating func ends(_ s: String) -> Bool {
            let suffix = Array(s.utf8)
            guard suffix.count <= k + 1, Array(b[(k - suffix.count + 1)...k]) == suffix else { return false }
            j = k - suffix.count
            return true
        }

        mutating func setTo(_ s: String) {
            let replacement = Array(s.utf8)
            // Half-open: when j == k (step 1b's "hop(p)ing" -> "hope"), the replacement is appended.
            b.replaceSubrange((j + 1)..<(k + 1), with: replacement)
            k = j + replacement.count
        }

        mutating func r(_ s: String) { if m() > 0 { setTo(s) } }

        /// Replaces the first of `rules` whose suffix ends the word (and stops there).
        mutating func firstRule(_ rules: [(String, String)]) {
            for (suffix, replacement) in rules where ends(suffix) {
                r(replacement)
                return
            }
        }

        mutating func run() {
            step1ab()
            if k > 0 {
                step1c()
                step2()
                step3()
                step4()
                step5()
            }
        }

        mutating func step1ab() {
            if b[k] == UInt8(ascii: "s") {
                if ends("sses") { k -= 2 } else if ends("ies") { setTo("i") } else if b[k - 1] != UInt8(ascii: "s") { k -= 1 }
            }
            if ends("eed") {
                if m() > 0 { k -= 1 }
            } else if (ends("ed") || ends("ing")) && vowelInStem() {
                k = j
                if ends("at") { setTo("ate") } else if ends("bl") { setTo("ble") } else if ends("iz") { setTo("ize") } else if doubleC(k) {
                    k -= 1
                    if [UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "z")].contains(b[k]) { k += 1 }
                } else if m() == 1 && cvc(k) {
                    setTo("e")
                }
            }
        }

        mutating func step1c() {
            if ends("y") && vowelInStem() { b[k] = UInt8(ascii: "i") }
        }

        mutating func step2() {
            guard k >= 1 else { return }
            switch b[k - 1] {
            case UInt8(ascii: "a"): firstRule([("ational", "ate"), ("tional", "tion")])
            case UInt8(ascii: "c"): firstRule([("enci", "ence"), ("anci", "ance")])
            case UInt8(ascii: "e"): firstRule([("izer", "ize")])
            case UInt8(ascii: "l"): firstRule([("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous")])
            case UInt8(ascii: "o"): firstRule([("ization", "ize"), ("ation", "ate"), ("ator", "ate")])
            case UInt8(ascii: "s"): firstRule([("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous")])
            case UInt8(ascii: "t"): firstRule([("aliti", "al"), ("iviti", "ive"), ("biliti", "ble")])
            case UInt8(ascii: "g"): firstRule([("logi", "log")])
            default: break
            }
        }

        mutating func step3() {
            switch b[k] {
            case UInt8(ascii: "e"): firstRule([("icate", "ic"), ("ative", ""), ("alize", "al")])
            case UInt8(ascii: "i"): firstRule([("iciti", "ic")])
            case UInt8(ascii: "l"): firstRule([("ical", "ic"), ("ful", "")])
            case UInt8(ascii: "s"): firstRule([("ness", "")])
            default: break
            }
        }

        mutating func step4() {
            guard k >= 1 else { return }
            let suffixes: [String]
            switch b[k - 1] {
            case UInt8(ascii: "a"): suffixes = ["al"]
            case UInt8(ascii: "c"): suffixes = ["ance", "ence"]
            case UInt8(ascii: "e"): suffixes = ["er"]
            case UInt8(ascii: "i"): suffixes = ["ic"]
            case UInt8(ascii: "l"): suffixes = ["able", "ible"]
            case UInt8(ascii: "n"): suffixes = ["ant", "ement", "ment", "ent"]
            case UInt8(ascii: "o"):
                if ends("ion"), j >= 0, b[j] == UInt8(ascii: "s") || b[j] == UInt8(ascii: "t") {
                    if m() > 1 { k = j }
                    return
                }
                suffixes = ["ou"]
            case UInt8(ascii: "s"): suffixes = ["ism"]
            case UInt8(ascii: "t"): suffixes = ["ate", "iti"]
            case UInt8(ascii: "u"): suffixes = ["ous"]
            case UInt8(ascii: "v"): suffixes = ["ive"]
            case UInt8(ascii: "z"): suffixes = ["ize"]
            default: return
            }
            for suffix in suffixes where ends(suffix) {
                if m() > 1 { k = j }
                return
            }
        }

        mutating func step5() {
            j = k
            if b[k] == UInt8(ascii: "e") {
                let a = m()
                if a > 1 || (a == 1 && !cvc(k - 1)) { k -= 1 }
            }
            if b[k] == UInt8(ascii: "l") && doubleC(k) && m() > 1 { k -= 1 }
        }
    }
}
