import Catalog
import ClipCoachCore
import Foundation

/// How `clipcoach review serve` runs. See docs/review.md.
public struct ReviewServerConfiguration: Sendable {
    /// The environment variable that may carry the token instead of `--token`.
    public static let tokenVariable = "CLIPCOACH_REVIEW_TOKEN"
    /// Largest request body accepted (413 above): annotations and review actions are small.
    public static let defaultBodyLimit = 64 * 1024

    /// The catalog: an SQLite file or a PostgreSQL database.
    public var catalog: CatalogLocation
    /// A PostgreSQL catalog's shared media folder (nil: `CLIPCOACH_MEDIA`, else ./clipcoach.media).
    public var mediaFolder: String?
    public var host: String
    public var port: Int
    /// Required on every /api/ call when set; required to be set for a non-loopback host.
    public var token: String?
    public var codebook: Codebook
    public var bodyLimit: Int
    /// Idle / header-read timeout and connection limit.
    public var limits: ConnectionLimits
    /// Folders media and posters are served from (absolute). A catalog path under none of
    /// them is not served, and no folder below its root may be a symbolic link. "/" (the
    /// default) serves any path that has no symbolic link in it at all.
    public var mediaRoots: [String]

    /// On an SQLite catalog file.
    public init(catalogPath: String, host: String = "127.0.0.1", port: Int = 8080, token: String? = nil,
                codebook: Codebook, bodyLimit: Int = ReviewServerConfiguration.defaultBodyLimit,
                limits: ConnectionLimits = ConnectionLimits(), mediaRoots: [String] = ["/"]) {
        self.init(catalog: .sqlite(path: catalogPath), host: host, port: port, token: token, codebook: codebook,
                  bodyLimit: bodyLimit, limits: limits, mediaRoots: mediaRoots)
    }

    public init(catalog: CatalogLocation, mediaFolder: String? = nil, host: String = "127.0.0.1", port: Int = 8080,
                token: String? = nil, codebook: Codebook, bodyLimit: Int = ReviewServerConfiguration.defaultBodyLimit,
                limits: ConnectionLimits = ConnectionLimits(), mediaRoots: [String] = ["/"]) {
        self.catalog = catalog
        self.mediaFolder = mediaFolder
        self.host = host
        self.port = port
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.codebook = codebook
        self.bodyLimit = bodyLimit
        self.limits = limits
        self.mediaRoots = mediaRoots.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path }
    }

    /// True for addresses only this machine can reach (see `LoopbackName`).
    public static func isLoopback(_ host: String) -> Bool { LoopbackName.isLoopback(host) }

    /// Refuses a setup that would expose the library: another host without a token, a bad port.
    public func check() throws(ReviewServerError) {
        if !Self.isLoopback(host) && token == nil {
            throw .setup("the host \(host) is reachable from other machines: give an access token (or set \(Self.tokenVariable))")
        }
        if let token, token.count < 8 {
            throw .setup("the access token must have at least 8 characters")
        }
        guard (0...65535).contains(port) else { throw .setup("\(port) is not a port (0...65535)") }
        guard bodyLimit > 0 else { throw .setup("the body limit must be positive") }
        try limits.check()
    }
}

/// Why the review server cannot start.
public enum ReviewServerError: Error, Equatable, Sendable, CustomStringConvertible {
    case setup(String)
    case catalog(CatalogError)
    case resources(String)

    public var description: String {
        switch self {
        case .setup(let message), .resources(let message): message
        case .catalog(let error): error.description
        }
    }
}
