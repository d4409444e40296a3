import Foundation

/// How `clipcoach studio` runs: the review server's settings (address, token, codebook,
/// catalog) plus the lessons folders and the upload limit. See docs/studio.md.
public struct StudioConfiguration: Sendable {
    public static let defaultMaxUpload: Int64 = 8 << 30

    public var review: ReviewServerConfiguration
    /// Absolute. Uploads go to the first; lessons are the videos directly in any of them.
    public var lessonFolders: [String]
    public var maxUpload: Int64

    public init(review: ReviewServerConfiguration, lessonFolders: [String], maxUpload: Int64 = StudioConfiguration.defaultMaxUpload) {
        self.review = review
        self.lessonFolders = lessonFolders.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.maxUpload = maxUpload
    }

    public func check() throws(ReviewServerError) {
        try review.check()
        guard maxUpload > 0 else { throw .setup("the upload limit must be positive") }
        for folder in lessonFolders {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw .setup("the lessons folder \(folder) does not exist")
            }
        }
    }

    /// `8G`, `500M`, `64k`, `1048576` (bytes, powers of 1024).
    public static func parseSize(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Int64)] = [("GIB", 1 << 30), ("MIB", 1 << 20), ("KIB", 1 << 10),
                                        ("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10),
                                        ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10), ("B", 1)]
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            guard let number = Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), number > 0 else { return nil }
            return Int64(number * Double(factor))
        }
        return Int64(trimmed).flatMap { $0 > 0 ? $0 : nil }
    }
}
