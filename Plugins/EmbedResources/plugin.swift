import Foundation
import PackagePlugin

/// Embeds every file under a target's resource folders (`Resources/`, `Public/`, and for
/// ClipCoachCore also the package's `Schemas/`) into a generated `EmbeddedResources` enum.
/// The folder is listed at every build, so a file dropped in is embedded with no other step.
/// Targets exclude those folders in Package.swift, so SwiftPM makes no `Bundle.module`.
@main
struct EmbedResources: BuildToolPlugin {
    static let folderNames = ["Resources", "Public"]

    // Path-based PackagePlugin API: the package's tools version (6.0) predates the URL one.
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        var folders = Self.folderNames.map { (name: $0, path: target.directory.appending([$0]).string) }
        if target.name == "ClipCoachCore" {
            folders.append((name: "Schemas", path: context.package.directory.appending(["Schemas"]).string))
        }
        var files: [(name: String, path: String)] = []
        for folder in folders {
            files += Self.files(under: URL(fileURLWithPath: folder.path)).map { relative in
                (name: folder.name + "/" + relative, path: folder.path + "/" + relative)
            }
        }
        let output = context.pluginWorkDirectory.appending(["EmbeddedResources.swift"])
        return [.buildCommand(
            displayName: "Embedding \(files.count) resource files in \(target.name)",
            executable: try context.tool(named: "embed-resources").path,
            arguments: [output.string] + files.map { "\($0.name)=\($0.path)" },
            inputFiles: files.map { Path($0.path) },
            outputFiles: [output])]
    }

    /// Regular files under `folder`, as paths relative to it, hidden files left out.
    static func files(under folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isFolder: ObjCBool = false
            let full = folder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue {
                found.append(relative)
            }
        }
        return found.sorted()
    }
}
