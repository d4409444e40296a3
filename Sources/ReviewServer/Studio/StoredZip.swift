import Foundation

/// A zip archive of a folder, entries stored (not compressed: the packet is video and
/// JPEG, which do not shrink). Written file by file in 1 MiB pieces, so memory stays small
/// whatever the clips weigh. Plain zip (no zip64): refuses an archive of 4 GiB or more.
enum StoredZip {
    struct Failure: Error, CustomStringConvertible { let description: String }

    private struct Entry {
        let name: [UInt8]
        let crc: UInt32
        let size: UInt32
        let offset: UInt32
    }

    /// Writes every regular file under `folder` as `prefix/relative/path` into `zip`.
    static func write(folder: URL, into prefix: String, to zip: URL) throws {
        guard FileManager.default.createFile(atPath: zip.path, contents: nil),
              let output = FileHandle(forWritingAtPath: zip.path) else {
            throw Failure(description: "cannot create \(zip.lastPathComponent)")
        }
        defer { try? output.close() }
        var entries: [Entry] = []
        var offset: UInt64 = 0
        for relative in files(in: folder) {
            let source = folder.appendingPathComponent(relative)
            let name = Array("\(prefix)/\(relative)".utf8)
            let (crc, size) = try checksum(source)
            guard offset + UInt64(size) + 1024 < UInt64(UInt32.max) else { throw Failure(description: "the packet is over 4 GiB") }
            let entry = Entry(name: name, crc: crc, size: UInt32(size), offset: UInt32(offset))
            var header = Data()
            header.append(le32: 0x0403_4b50)
            header.append(le16: 20); header.append(le16: 0x0800) // version; flags: UTF-8 names
            header.append(le16: 0); header.append(le16: 0); header.append(le16: 0x21) // stored; time; date (1980-01-01)
            header.append(le32: crc); header.append(le32: UInt32(size)); header.append(le32: UInt32(size))
            header.append(le16: UInt16(name.count)); header.append(le16: 0)
            header.append(contentsOf: name)
            try output.write(contentsOf: header)
            try copy(source, to: output)
            offset += UInt64(header.count) + UInt64(size)
            entries.append(entry)
        }
        var directory = Data()
        for entry in entries {
            directory.append(le32: 0x0201_4b50)
            directory.append(le16: 20); directory.append(le16: 20); directory.append(le16: 0x0800)
            directory.append(le16: 0); directory.append(le16: 0); directory.append(le16: 0x21)
            directory.append(le32: entry.crc); directory.append(le32: entry.size); directory.append(le32: entry.size)
            directory.append(le16: UInt16(entry.name.count)); directory.append(le16: 0); directory.append(le16: 0)
            directory.append(le16: 0); directory.append(le16: 0); directory.append(le32: 0)
            directory.append(le32: entry.offset)
            directory.append(contentsOf: entry.name)
        }
        var end = Data()
        end.append(le32: 0x0605_4b50)
        end.append(le16: 0); end.append(le16: 0)
        end.append(le16: UInt16(entries.count)); end.append(le16: UInt16(entries.count))
        end.append(le32: UInt32(directory.count)); end.append(le32: UInt32(offset)); end.append(le16: 0)
        try output.write(contentsOf: directory + end)
    }

    private static func files(in folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(relative).path, isDirectory: &isFolder),
               !isFolder.boolValue {
                found.append(relative)
            }
        }
        return found.sorted()
    }

    private static func checksum(_ file: URL) throws -> (UInt32, Int) {
        guard let input = FileHandle(forReadingAtPath: file.path) else { throw Failure(description: "cannot read \(file.lastPathComponent)") }
        defer { try? input.close() }
        var crc = CRC32()
        var size = 0
        while let piece = try input.read(upToCount: 1 << 20), !piece.isEmpty {
            crc.update(piece)
            size += piece.count
        }
        return (crc.value, size)
    }

    private static func copy(_ file: URL, to output: FileHandle) throws {
        guard let input = FileHandle(forReadingAtPath: file.path) else { throw Failure(description: "cannot read \(file.lastPathComponent)") }
        defer { try? input.close() }
        while let piece = try input.read(upToCount: 1 << 20), !piece.isEmpty { try output.write(contentsOf: piece) }
    }
}

/// CRC-32 (IEEE 802.3), as zip needs it.
struct CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }
    private var state: UInt32 = 0xFFFF_FFFF

    mutating func update(_ data: Data) {
        var crc = state
        for byte in data { crc = Self.table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        state = crc
    }

    var value: UInt32 { state ^ 0xFFFF_FFFF }
}

private extension Data {
    mutating func append(le16 value: UInt16) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
    mutating func append(le32 value: UInt32) { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
}
