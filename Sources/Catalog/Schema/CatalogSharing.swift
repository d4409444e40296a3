import ClipCoachCore
import Foundation
import GRDB

extension OpenedCatalog {
    /// Updates one clip's sharing status in the catalog after its sidecar changed it;
    /// `library ingest` sets it from the sidecars on every run anyway.
    public func setSharing(clipID: Int64, _ status: SharingStatus) throws(CatalogError) {
        try writing { session in
            try session.execute("UPDATE clip SET sharing = ? WHERE id = ?", [status.rawValue.databaseValue, clipID.databaseValue])
        }
    }

    /// Updates the sharing status of every catalog clip recorded from the sidecar at
    /// `sidecarPath` (absolute). Returns how many rows it changed (0: not in this catalog).
    @discardableResult
    public func setSharing(sidecarPath: String, _ status: SharingStatus) throws(CatalogError) -> Int {
        try writing { session in
            try session.rows("""
                UPDATE clip SET sharing = ? WHERE video_id IN (SELECT id FROM video WHERE sidecar_path = ?) RETURNING id
                """, [status.rawValue.databaseValue, sidecarPath.databaseValue]).count
        }
    }
}

/// The one way a clip's sharing status changes (`tag --sharing`, the review page): the
/// sidecar, which is the record, first; then the catalog's row, which search and the
/// cycle commands read. A failed catalog update is an error, never swallowed: a clip taken
/// off `library` must stop being offered at once.
public enum SharingChange {
    public enum Failure<SidecarFailure: Error>: Error {
        case sidecar(SidecarFailure)
        case catalog(CatalogError)
    }

    /// `writeSidecar` saves the sidecar at `sidecarPath` with `status` and returns what it saved.
    public static func apply<Saved, SidecarFailure: Error>(
        _ status: SharingStatus, sidecarPath: String, catalog: OpenedCatalog?,
        writeSidecar: () throws(SidecarFailure) -> Saved
    ) throws(Failure<SidecarFailure>) -> Saved {
        let saved: Saved
        do { saved = try writeSidecar() } catch { throw .sidecar(error) }
        if let catalog {
            do { try catalog.setSharing(sidecarPath: sidecarPath, status) } catch { throw .catalog(error) }
        }
        return saved
    }

    /// The status a library clip has now, read from its sidecar (the record): the catalog's
    /// copy may be older. No sidecar recorded: the catalog's status; a sidecar that cannot
    /// be read: private (nothing is shown on a record we cannot read).
    public static func currentStatus(sidecarPath: String?, catalogStatus: SharingStatus?) -> SharingStatus {
        guard let sidecarPath else { return catalogStatus ?? .private }
        guard let sidecar = try? SidecarStore.read(URL(fileURLWithPath: sidecarPath)) else { return .private }
        return sidecar.sharingStatus
    }
}
