import Failures
import Foundation

/// One file's outcome of `FileValidator`.
public struct ValidationReport: Encodable, Sendable {
    public struct Problem: Encodable, Sendable {
        public let kind: String
        public let field: String?
        public let message: String
        /// The problem's line: `clip-01.json: annotations[0].code: ...`.
        public let text: String
        public let category: FailureCategory
        /// What the user can do about it, if anything (each face names it its own way).
        public let remedy: Remedy?

        init(_ error: SidecarError) {
            (kind, field, message, text) = (error.kind.rawValue, error.field, error.message, error.description)
            (category, remedy) = (FailureCategory(of: error), error.remedy)
        }

        init(_ error: CodebookError) {
            (kind, field, message, text) = (error.kind.rawValue, error.field, error.message, error.description)
            (category, remedy) = (FailureCategory(of: error), nil)
        }

        enum CodingKeys: String, CodingKey { case kind, field, message }
    }

    public let path: String
    /// "sidecar", "codebook", or "unknown".
    public let type: String
    public var problems: [Problem]
    public let summary: String
    public var valid: Bool { problems.isEmpty }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(type, forKey: .type)
        try container.encode(valid, forKey: .valid)
        try container.encode(problems, forKey: .problems)
    }

    enum CodingKeys: String, CodingKey { case path, type, valid, problems }
}

/// `clipcoach validate`: tells sidecars from codebooks by their "schema" field, collects the
/// files named and the .json files in folders named (hidden ones skipped; there, JSON that is
/// neither is ignored), validates codebooks first (sidecars may name them), then sidecars
/// against the codebook they name: the built-in MQI one, one among the files, or one added.
public struct FileValidator {
    private enum Item {
        case sidecar(path: String, data: Data)
        case codebook(path: String, data: Data)
        case failed(ValidationReport)
    }

    private var items: [Item] = []
    private var extraCodebooks: [Codebook] = []
    private var extraCodebookReports: [ValidationReport] = []

    public init() {}

    public mutating func addCodebook(_ path: String) {
        do {
            extraCodebooks.append(try Codebook.load(path: path))
        } catch {
            extraCodebookReports.append(ValidationReport(path: path, type: "codebook", problems: [.init(error)], summary: ""))
        }
    }

    public mutating func collect(_ path: String) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            for file in Self.jsonFiles(in: path) { classify(file, explicit: false) }
        } else {
            classify(path, explicit: true)
        }
    }

    public func check() -> [ValidationReport] {
        var reports = extraCodebookReports
        var codebooks = extraCodebooks
        if let mqi = try? Codebook.mqi { codebooks.append(mqi) }
        for case .codebook(let path, let data) in items {
            do {
                let codebook = try Codebook.decode(data, path: path)
                let problems = codebook.problems(path: path)
                if problems.isEmpty { codebooks.insert(codebook, at: 0) }
                reports.append(ValidationReport(path: path, type: "codebook", problems: problems.map { .init($0) },
                                                summary: "codebook \(codebook.id), \(codebook.codes.count) codes"))
            } catch {
                reports.append(ValidationReport(path: path, type: "codebook", problems: [.init(error)], summary: ""))
            }
        }
        for item in items {
            switch item {
            case .sidecar(let path, let data): reports.append(Self.checkSidecar(path: path, data: data, codebooks: codebooks))
            case .failed(let report): reports.append(report)
            case .codebook: break
            }
        }
        return reports
    }

    private static func checkSidecar(path: String, data: Data, codebooks: [Codebook]) -> ValidationReport {
        let sidecar: Sidecar
        do {
            sidecar = try SidecarStore.parse(data, path: path)
        } catch {
            return ValidationReport(path: path, type: "sidecar", problems: [.init(error)], summary: "")
        }
        var problems = sidecar.structuralProblems(path: path)
        if let used = sidecar.codebook {
            if let codebook = codebooks.first(where: { $0.id == used.id }) {
                problems += sidecar.annotationProblems(codebook: codebook, path: path)
            } else {
                problems.append(SidecarError(.unknownCodebook, path: path, field: "codebook.id",
                                             message: "unknown codebook '\(used.id)': give its codebook file too",
                                             remedy: .codebookFile))
            }
        }
        let count = sidecar.annotations.count
        return ValidationReport(path: path, type: "sidecar", problems: problems.map { .init($0) },
                                summary: "\(sidecar.kind.rawValue) sidecar, revision \(sidecar.revision), \(count) annotation\(count == 1 ? "" : "s")")
    }

    /// Sorts a file into sidecar or codebook by its "schema" field. Files found in a folder
    /// that are neither (a thumbnail index, say) are skipped; a file named explicitly is a problem.
    private mutating func classify(_ path: String, explicit: Bool) {
        func fail(_ error: SidecarError) {
            items.append(.failed(ValidationReport(path: path, type: "unknown", problems: [.init(error)], summary: "")))
        }
        let data: Data
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return fail(SidecarError(.notFound, path: path, message: "no such file"))
        }
        guard let read = FileManager.default.contents(atPath: path) else {
            return fail(SidecarError(.unreadable, path: path, message: "cannot read"))
        }
        data = read
        guard let object = try? JSONSerialization.jsonObject(with: data) else {
            if explicit { fail(SidecarError(.invalidJSON, path: path, message: "not valid JSON")) }
            return
        }
        let fields = object as? [String: Any] ?? [:]
        let schema = fields["schema"] as? String
        if schema == Codebook.schemaName || (schema == nil && fields["codes"] != nil && fields["scales"] != nil) {
            items.append(.codebook(path: path, data: data))
        } else if schema == Sidecar.schemaName || (schema == nil && fields["annotations"] != nil) {
            items.append(.sidecar(path: path, data: data))
        } else if explicit {
            fail(SidecarError(.schema, path: path, field: "schema",
                              message: "not a ClipCoach sidecar or codebook (expected \"\(Sidecar.schemaName)\" or \"\(Codebook.schemaName)\")"))
        }
    }

    private static func jsonFiles(in folder: String) -> [String] {
        let root = URL(fileURLWithPath: folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil,
                                                          options: [.skipsHiddenFiles]) else { return [] }
        // Named under the folder as the user typed it, not as an absolute path.
        let rootPath = root.standardizedFileURL.path
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        var files: [String] = []
        for case let url as URL in walker where url.pathExtension.lowercased() == "json" {
            let path = url.standardizedFileURL.path
            files.append(path.hasPrefix(rootPath + "/") ? base + path.dropFirst(rootPath.count) : path)
        }
        return files.sorted()
    }
}
