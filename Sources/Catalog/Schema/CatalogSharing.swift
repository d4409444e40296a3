import ClipCoachCore
import GRDB

extension CatalogDatabase {
    /// Updates one clip's sharing status in the catalog after its sidecar changed it (the
    /// review page); `library ingest` sets it from the sidecars on every run anyway.
    public func setSharing(clipID: Int64, _ status: SharingStatus) throws(CatalogError) {
        try requireWritable()
        try catalogStep(path) {
            try pool.write { db in
                try db.execute(sql: "UPDATE clip SET sharing = ? WHERE id = ?", arguments: [status.rawValue, clipID])
            }
        }
    }
}
