import Foundation

/// Where test inputs live: the project's SampleMedia and the shared real-world corpus.
public enum Fixtures {
    /// The package root, found from this file's location (Tests/TestSupport/Fixtures.swift).
    /// CLIPCOACH_SOURCE_ROOT overrides it for builds that compile these files from
    /// elsewhere (the sanitizer package links them in through symlinks).
    public static let root: URL = {
        if let given = ProcessInfo.processInfo.environment["CLIPCOACH_SOURCE_ROOT"], !given.isEmpty {
            return URL(fileURLWithPath: given, isDirectory: true)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    public static let sampleMediaFolder = root.appendingPathComponent("SampleMedia")
    /// ../shared/corpus beside the project (read-only, not part of the repo).
    public static let corpusFolder = root.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    public static var corpusAvailable: Bool {
        FileManager.default.fileExists(atPath: corpusFolder.path)
    }

    static let mediaExtensions: Set<String> = ["mp4", "mov", "mkv", "webm", "ts", "avi", "ogg", "m4v", "mts"]

    public static func mediaFiles(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { mediaExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted().map { folder.appendingPathComponent($0).path }
    }

    public static var sampleMedia: [String] { mediaFiles(in: sampleMediaFolder) }
    public static var corpus: [String] { mediaFiles(in: corpusFolder) }
    /// Every media file the tests know, sample and corpus.
    public static var allMedia: [String] { sampleMedia + corpus }

    public static func sample(_ name: String) -> String { sampleMediaFolder.appendingPathComponent(name).path }
    public static func corpusFile(_ name: String) -> String { corpusFolder.appendingPathComponent(name).path }

    /// A fresh empty folder under the system temporary directory.
    public static func temporaryFolder(_ label: String = "clipcoach-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
