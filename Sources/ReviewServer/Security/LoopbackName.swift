import Foundation

/// Which Host names count as "this machine only". Parsed, never prefix-matched: a name such as
/// `127.0.0.1.attacker.example` resolves wherever its owner wants (DNS rebinding) and is not one.
public enum LoopbackName {
    /// True for `localhost`, an IPv4 literal in 127.0.0.0/8 and `::1` (bare or in brackets).
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 {
            // s_addr is in network order: the first octet is the lowest byte in memory.
            return withUnsafeBytes(of: &v4) { $0.first } == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, bare, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return bytes == Array(repeating: 0, count: 15) + [1]
        }
        return false
    }

    /// The host part of a Host header: `127.0.0.1:8080` -> `127.0.0.1`, `[::1]:8080` -> `[::1]`.
    public static func hostName(ofAuthority authority: String) -> String {
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") { return String(authority[...end]) }
        return String(authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}
