import Foundation

/// Bytes to text: UTF-8 (with or without a byte-order mark) or UTF-16 with its mark.
/// Anything else is an error, never mojibake.
enum TranscriptText {
    static func decode(_ data: Data) throws(TranscriptError) -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: data, encoding: .utf16) else {
                throw TranscriptError("the file claims UTF-16 but is not valid UTF-16")
            }
            return text
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard !body.contains(0), let text = String(validating: body, as: UTF8.self) else {
            let line = firstBadLine(body)
            throw TranscriptError(line: line, "the text is not UTF-8 (unknown encoding): save the transcript as UTF-8")
        }
        return text
    }

    /// The 1-based line holding the first byte sequence that is not UTF-8.
    private static func firstBadLine(_ bytes: [UInt8]) -> Int? {
        var line = 1
        var lineStart = 0
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A {
                if String(validating: bytes[lineStart..<index], as: UTF8.self) == nil { return line }
                line += 1
                lineStart = index + 1
            }
        }
        return String(validating: bytes[lineStart...], as: UTF8.self) == nil ? line : nil
    }

    /// Lines without their `\n` / `\r\n` endings.
    static func lines(_ text: String) -> [String] {
        // "\r\n" is one Character in Swift, and a newline like "\n".
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
    }
}
