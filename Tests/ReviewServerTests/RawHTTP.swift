import Foundation

/// HTTP/1.1 over a plain loopback socket, for the hardening tests: they need requests a
/// browser or URLSession would never send (a rebinding Host, half a request) and to see
/// exactly when the server closes a connection.
struct RawHTTP {
    struct Answer {
        let status: Int
        /// Header names lower-cased.
        let headers: [String: String]
        let body: Data

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// A connected socket with a receive timeout; closed in deinit.
    final class Connection {
        let descriptor: Int32

        /// `receiveBuffer`: a small kernel receive buffer (set before connecting, so the TCP window
        /// stays small), for a client that reads slowly or not at all.
        init(port: Int, timeout: Double, receiveBuffer: Int32? = nil) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw Failure(description: "socket: \(errno)") }
            var wait = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
            if var size = receiveBuffer {
                setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                close(descriptor)
                throw Failure(description: "connect: \(errno)")
            }
        }

        deinit { close(descriptor) }

        func send(_ text: String) throws { try send(Data(text.utf8)) }

        func send(_ data: Data) throws {
            let sent = data.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, data.count, Int32(MSG_NOSIGNAL)) }
            guard sent == data.count else { throw Failure(description: "send: \(errno)") }
        }

        /// Whether the server has sent something (or closed) within `seconds`.
        func hasAnswer(within seconds: Double) -> Bool {
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            return poll(&entry, 1, Int32(seconds * 1000)) > 0
        }

        /// Up to `count` bytes: nil when the peer has closed (or reset), empty on the timeout.
        func read(upTo count: Int) -> Data? {
            var buffer = [UInt8](repeating: 0, count: count)
            let got = recv(descriptor, &buffer, count, 0)
            if got > 0 { return Data(buffer[0..<got]) }
            return got == 0 || (got < 0 && errno == ECONNRESET) ? nil : Data()
        }

        /// Everything until the peer closes, or until the timeout (then `closed` is false).
        func readUntilClosed() -> (data: Data, closed: Bool) {
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let got = recv(descriptor, &buffer, buffer.count, 0)
                if got > 0 { data.append(contentsOf: buffer[0..<got]); continue }
                return (data, got == 0 || (got < 0 && errno == ECONNRESET))
            }
        }
    }

    let port: Int

    init(url: String) throws {
        guard let port = URL(string: url)?.port else { throw Failure(description: "no port in \(url)") }
        self.port = port
    }

    /// One request on its own connection (`Connection: close`), answer read to the end.
    func request(_ method: String, _ path: String, host: String? = nil, headers: [String: String] = [:],
                 body: Data? = nil, timeout: Double = 30) throws -> Answer {
        let connection = try Connection(port: port, timeout: timeout)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host ?? "127.0.0.1:\(port)")\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        try connection.send(Data((head + "\r\n").utf8) + (body ?? Data()))
        let (data, _) = connection.readUntilClosed()
        return try Self.parse(data, method: method)
    }

    func json(_ method: String, _ path: String, _ object: [String: Any], host: String? = nil,
              headers: [String: String] = [:]) throws -> Answer {
        var all = headers
        all["Content-Type"] = "application/json"
        return try request(method, path, host: host, headers: all, body: try JSONSerialization.data(withJSONObject: object))
    }

    static func parse(_ data: Data, method: String) throws -> Answer {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "no complete answer: \(String(decoding: data, as: UTF8.self))")
        }
        let lines = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line: \(lines.first ?? "")") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        var body = Data(data[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return Answer(status: status, headers: headers, body: body)
    }

    static func dechunk(_ data: Data) -> Data {
        var out = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? "", radix: 16) ?? 0
            guard size > 0 else { break }
            let start = lineEnd.upperBound
            let end = rest.index(start, offsetBy: size, limitedBy: rest.endIndex) ?? rest.endIndex
            out.append(rest[start..<end])
            rest = rest[min(rest.endIndex, end + 2)...]
        }
        return out
    }
}
