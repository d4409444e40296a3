import Foundation

/// Output names for clips: from the label, made safe for any file system, or a
/// running number. The same command gives the same names every time.
public enum ClipNaming {
    public static func names(for specs: [ClipSpec]) -> [String] {
        var used: [String: Int] = [:]
        return specs.enumerated().map { position, spec in
            let base = spec.label.map(safeName) ?? ""
            var name = base.isEmpty ? String(format: "clip-%02d", position + 1) : base
            let key = name.lowercased() // case-insensitive file systems
            if let count = used[key] {
                used[key] = count + 1
                name += "-\(count + 1)"
            } else {
                used[key] = 1
            }
            return name
        }
    }

    /// Letters, digits, '-', '_' and '.' kept; everything else becomes '-'; at most 80 characters.
    public static func safeName(_ label: String) -> String {
        var result = ""
        for scalar in label.unicodeScalars {
            let keep = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
            if keep { result.unicodeScalars.append(scalar) } else if !result.hasSuffix("-") { result.append("-") }
        }
        let trimmed = result.trimmingCharacters(in: CharacterSet(charactersIn: "-."))
        return String(trimmed.prefix(80))
    }
}
