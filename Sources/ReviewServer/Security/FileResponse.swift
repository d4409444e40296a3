import Hummingbird

/// Answers GET and HEAD for a file opened with `OpenedFile`: 200 with the whole file, 206 with
/// the asked byte range (players seek this way), 416 for a range past the end; HEAD gets the
/// same status and headers without the body.
public enum FileResponse {
    static let chunkSize = 256 * 1024

    public static func make(_ file: OpenedFile, contentType: String, request: Request) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.acceptRanges] = "bytes"
        headers[.cacheControl] = "private, max-age=60"
        let size = file.size
        let status: HTTPResponse.Status
        let range: ClosedRange<Int>?
        switch ByteRange.resolve(request.headers[.range], size: size) {
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(size)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        case .whole:
            status = .ok
            range = size > 0 ? 0...(size - 1) : nil
        case .partial(let asked):
            status = .partialContent
            range = asked
            headers[.contentRange] = "bytes \(asked.lowerBound)-\(asked.upperBound)/\(size)"
        }
        headers[.contentLength] = String(range?.count ?? 0)
        guard request.method != .head, let range else { return Response(status: status, headers: headers) }
        let body = ResponseBody(contentLength: range.count) { writer in
            var offset = range.lowerBound
            while offset <= range.upperBound {
                let count = min(chunkSize, range.upperBound - offset + 1)
                let start = offset
                let bytes = try await BlockingIO.run { () throws(OpenedFileError) in try file.read(at: start, count: count) }
                // The file shrank since it was opened: stop; the client sees a short body.
                guard !bytes.isEmpty else { break }
                try await writer.write(ByteBuffer(bytes: bytes))
                offset += bytes.count
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }
}
