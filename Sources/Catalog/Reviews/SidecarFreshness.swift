import ClipCoachCore
import Foundation
import GRDB

/// A sidecar the catalog does not hold as it is: never ingested, or changed since the
/// last ingest (its content differs from what that ingest read). The review mirror is
/// refreshed from the sidecars anyway; search, stats and cycles see the change only
/// after the next ingest.
public struct SidecarFreshness: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        case notIngested = "not-ingested"
        case changed
    }

    /// The sidecar, absolute.
    public let sidecar: String
    public let state: State
    /// The sidecar's revision when last ingested (changed sidecars).
    public let ingestedRevision: Int?
    /// The sidecar's revision now; nil when it cannot be read as a sidecar.
    public let revision: Int?
}

extension SidecarFreshness {
    /// The sidecars under `paths`, absolute and sorted: a sidecar named directly, the
    /// sidecar beside a video named directly, and in folders every video's sidecar (walked
    /// as `library ingest` walks them, `skipping` folders left out).
    public static func sidecars(under paths: [String], skipping: [String] = []) throws(CatalogError) -> [String] {
        var sidecars = Set<String>()
        let roots = try LibraryScan.roots(paths)
        for root in roots where !root.isFolder && root.path.lowercased().hasSuffix(".json") {
            sidecars.insert(root.path)
        }
        let walked = roots.filter { $0.isFolder || !$0.path.lowercased().hasSuffix(".json") }
        for video in LibraryScan.videos(in: walked, skipping: skipping) {
            if let sidecar = video.sidecarPath { sidecars.insert(sidecar) }
        }
        return sidecars.sorted()
    }

    /// The sidecars under `paths` not in the catalog at `catalogPath` as they are now; every
    /// one of them when there is no catalog file there (none is made).
    public static func check(under paths: [String], catalogPath: String) throws(CatalogError) -> [SidecarFreshness] {
        guard FileManager.default.fileExists(atPath: catalogPath) else {
            return try sidecars(under: paths).map { sidecar in
                SidecarFreshness(sidecar: sidecar, state: .notIngested, ingestedRevision: nil,
                                 revision: try? SidecarStore.read(URL(fileURLWithPath: sidecar)).revision)
            }
        }
        return try CatalogDatabase(path: catalogPath, mustExist: true).sidecarFreshness(under: paths)
    }
}

extension CatalogDatabase {
    /// The sidecars under `paths` (`SidecarFreshness.sidecars(under:)`) that are not in
    /// the catalog as they are now, by path.
    public func sidecarFreshness(under paths: [String]) throws(CatalogError) -> [SidecarFreshness] {
        let sidecars = try SidecarFreshness.sidecars(under: paths, skipping: [mediaFolder])
        return try catalogStep(path) {
            try pool.read { db in
                try sidecars.compactMap { sidecar in
                    let row = try Row.fetchOne(db, sql: """
                        SELECT v.sidecar_fingerprint, c.sidecar_revision FROM video v JOIN clip c ON c.video_id = v.id
                        WHERE v.sidecar_path = ? AND v.status = 'present' ORDER BY v.id LIMIT 1
                        """, arguments: [sidecar])
                    return Self.freshness(of: sidecar, ingested: row)
                }
            }
        }
    }

    /// Every ingested sidecar whose file changed since the last ingest read it.
    public func sidecarsChangedSinceIngest() throws(CatalogError) -> [SidecarFreshness] {
        try catalogStep(path) {
            try pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT v.sidecar_path, v.sidecar_fingerprint, c.sidecar_revision FROM video v JOIN clip c ON c.video_id = v.id
                    WHERE v.sidecar_path IS NOT NULL AND v.status = 'present' ORDER BY v.sidecar_path
                    """).compactMap { row in Self.freshness(of: row["sidecar_path"], ingested: row) }
            }
        }
    }

    /// nil when the catalog holds the sidecar as it is (same content fingerprint).
    static func freshness(of sidecar: String, ingested row: Row?) -> SidecarFreshness? {
        let revision = try? SidecarStore.read(URL(fileURLWithPath: sidecar)).revision
        guard let row else {
            return SidecarFreshness(sidecar: sidecar, state: .notIngested, ingestedRevision: nil, revision: revision)
        }
        let stored: String? = row["sidecar_fingerprint"]
        guard let now = try? ContentFingerprint.of(path: sidecar), now != stored else { return nil }
        return SidecarFreshness(sidecar: sidecar, state: .changed, ingestedRevision: row["sidecar_revision"], revision: revision)
    }
}
