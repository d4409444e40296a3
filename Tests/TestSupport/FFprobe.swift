import Foundation

/// ffprobe as the reference reading of a file (a test oracle, never used by the product).
public enum FFprobe {
    public struct Report {
        public let format: [String: Any]
        public let streams: [[String: Any]]

        public var duration: Double? { (format["duration"] as? String).flatMap(Double.init) }

        public func stream(_ index: Int) -> [String: Any]? {
            streams.first { ($0["index"] as? Int) == index }
        }
    }

    public static func report(_ path: String) throws -> Report {
        let result = try run("ffprobe", ["-v", "error", "-show_format", "-show_streams", "-of", "json", path])
        let object = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any] ?? [:]
        return Report(format: object["format"] as? [String: Any] ?? [:],
                      streams: object["streams"] as? [[String: Any]] ?? [])
    }

    /// Times (pts, or dts where pts is missing) of the packets of `stream` flagged K, sorted.
    /// Packets also flagged D (before an edit list's start: decoded, never shown) are left
    /// out, as clipcoach leaves them out: a clip cannot start at a frame nobody sees.
    public static func keyframeTimes(_ path: String, stream: String = "v:0") throws -> [Double] {
        let result = try run("ffprobe", ["-v", "error", "-select_streams", stream,
                                         "-show_entries", "packet=pts_time,dts_time,flags", "-of", "csv=p=0", path])
        var times: [Double] = []
        for line in result.stdout.split(separator: "\n") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, fields[2].contains("K"), !fields[2].contains("D") else { continue }
            if let pts = Double(fields[0]) { times.append(pts) } else if let dts = Double(fields[1]) { times.append(dts) }
        }
        return Array(Set(times)).sorted()
    }

    /// Rotation as clockwise degrees 0..<360 from ffprobe's display-matrix side data (counter-clockwise).
    public static func clockwiseRotation(_ stream: [String: Any]) -> Int {
        let sideData = stream["side_data_list"] as? [[String: Any]] ?? []
        for entry in sideData {
            if let rotation = entry["rotation"] as? Int { return ((-rotation) % 360 + 360) % 360 }
            if let rotation = entry["rotation"] as? Double { return ((-Int(rotation)) % 360 + 360) % 360 }
        }
        if let tags = stream["tags"] as? [String: Any], let text = tags["rotate"] as? String, let value = Int(text) {
            return (value % 360 + 360) % 360
        }
        return 0
    }
}
