import Foundation

/// The one byte range of an HTTP `Range` header (RFC 9110 §14), resolved against a file size.
///
/// Seeking in a `<video>` sends `bytes=START-` or `bytes=START-END`; `bytes=-N` asks for the
/// last N bytes. Several ranges in one header are answered with the whole file (allowed by
/// the RFC), which players never ask for anyway.
enum ByteRange: Equatable {
    /// Serve these bytes with 206.
    case partial(ClosedRange<Int>)
    /// No usable range: serve the whole file with 200.
    case whole
    /// A syntactically valid range that starts past the end: 416.
    case unsatisfiable

    static func resolve(_ header: String?, size: Int) -> ByteRange {
        guard let header = header?.trimmingCharacters(in: .whitespaces), header.lowercased().hasPrefix("bytes=") else {
            return .whole
        }
        let spec = header.dropFirst("bytes=".count)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        guard first.allSatisfy(\.isASCII), last.allSatisfy(\.isASCII) else { return .whole }

        if first.isEmpty {
            // Suffix range: the last N bytes.
            guard let count = Int(last), count >= 0 else { return .whole }
            guard count > 0, size > 0 else { return .unsatisfiable }
            return .partial(max(0, size - count)...(size - 1))
        }
        guard let start = Int(first), start >= 0 else { return .whole }
        guard start < size else { return .unsatisfiable }
        if last.isEmpty { return .partial(start...(size - 1)) }
        guard let end = Int(last), end >= start else { return .whole }
        return .partial(start...min(end, size - 1))
    }
}
