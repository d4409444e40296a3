import Foundation

/// Which catalog a command uses when none is named: `CLIPCOACH_CATALOG`, else the nearest
/// `library.sqlite` in the current folder or a parent (as git finds `.git`), else
/// `library.sqlite` here. So `cycle new` run from a lesson's folder finds the teacher's
/// earlier plan in the library's catalog above it.
public enum CatalogLocation {
    public static let environmentVariable = "CLIPCOACH_CATALOG"

    public static func resolve(_ given: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               from folder: String = FileManager.default.currentDirectoryPath) -> String {
        if let given, !given.isEmpty { return given }
        if let named = environment[environmentVariable], !named.isEmpty { return named }
        var probe = URL(fileURLWithPath: folder, isDirectory: true).standardizedFileURL
        while true {
            let candidate = probe.appendingPathComponent(CatalogDatabase.defaultFileName)
            if FileManager.default.fileExists(atPath: candidate.path) {
                // Shown as typed paths are: relative when it is right here.
                return probe.path == URL(fileURLWithPath: folder).standardizedFileURL.path
                    ? CatalogDatabase.defaultFileName : candidate.path
            }
            let parent = probe.deletingLastPathComponent()
            if parent.path == probe.path { break }
            probe = parent
        }
        return CatalogDatabase.defaultFileName
    }
}
