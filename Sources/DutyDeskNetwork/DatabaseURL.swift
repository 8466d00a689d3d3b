// `postgres://user:password@host:port/db[?sslmode=…]`: where a desk or an administrator
// reaches the campaign's PostgreSQL server (issue 11, item 2; docs/network.md).

/// A parsed PostgreSQL connection URL.
///
/// Shape: `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (`postgresql://` too); the port defaults
/// to 5432, the password may be absent (then the server must not ask for one), user and
/// password are percent-decoded. Query parameter `sslmode`: `disable` (the default on a
/// loopback host), `require` (the default on any other host: a real deployment's link is
/// encrypted; the server certificate is checked against the system's trust store and the
/// host name), `verify-full` (the same). Nothing else is accepted, so a typo cannot turn
/// encryption off.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// How the link is protected.
    public enum TLSMode: String, Sendable {
        case disable, require
    }
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode

    public init(user: String, password: String?, host: String, port: Int, database: String, tls: TLSMode) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.tls = tls
    }

    /// Parses `text`.
    /// - Throws: `NetworkError.badURL` naming the part that is wrong (never echoing the password).
    public init(parsing text: String) throws(NetworkError) {
        var rest = Substring(text)
        if rest.hasPrefix("postgres://") {
            rest = rest.dropFirst("postgres://".count)
        } else if rest.hasPrefix("postgresql://") {
            rest = rest.dropFirst("postgresql://".count)
        } else {
            throw .badURL("it must start with postgres://")
        }
        var query: Substring = ""
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw .badURL("no /DATABASE after the host") }
        let authority = rest[..<slash]
        let db = rest[rest.index(after: slash)...]
        guard let at = authority.lastIndex(of: "@") else { throw .badURL("no USER@ before the host") }
        let userInfo = authority[..<at]
        let hostPort = authority[authority.index(after: at)...]
        let userPart: Substring
        var pass: String?
        if let colon = userInfo.firstIndex(of: ":") {
            userPart = userInfo[..<colon]
            guard let p = Self.percentDecoded(userInfo[userInfo.index(after: colon)...]) else {
                throw .badURL("the password has a bad %-escape")
            }
            pass = p
        } else {
            userPart = userInfo
        }
        guard let u = Self.percentDecoded(userPart), !u.isEmpty else { throw .badURL("no user name") }
        var hostText = hostPort
        var portNumber = 5432
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            hostText = hostPort[..<colon]
            guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(p) else {
                throw .badURL("the port must be a number from 1 to 65535")
            }
            portNumber = p
        }
        if hostText.hasPrefix("[") && hostText.hasSuffix("]") { hostText = hostText.dropFirst().dropLast() }
        guard !hostText.isEmpty else { throw .badURL("no host") }
        guard let dbName = Self.percentDecoded(db), !dbName.isEmpty else { throw .badURL("no database name") }
        var mode: TLSMode = Self.isLoopback(String(hostText)) ? .disable : .require
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, kv[0] == "sslmode" else {
                throw .badURL("unknown parameter \(kv[0]) (only sslmode is read)")
            }
            switch kv[1] {
            case "disable": mode = .disable
            case "require", "verify-full": mode = .require
            default: throw .badURL("sslmode must be disable, require or verify-full")
            }
        }
        self.init(user: u, password: pass, host: String(hostText), port: portNumber, database: dbName, tls: mode)
    }

    /// The URL with the password, as stored in a desk's 0600 settings file.
    public var withPassword: String {
        var s = "postgres://\(Self.percentEncoded(user))"
        if let password { s += ":" + Self.percentEncoded(password) }
        s += "@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(Self.percentEncoded(database))"
        if tls != (Self.isLoopback(host) ? .disable : .require) { s += "?sslmode=\(tls.rawValue)" }
        return s
    }

    /// The URL without the password: for messages and `network status`.
    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    static func percentDecoded(_ s: Substring) -> String? {
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%") {
                guard it.count >= 2, let h = Self.hexValue(it[it.startIndex]),
                    let l = Self.hexValue(it[it.startIndex + 1])
                else { return nil }
                bytes.append(h << 4 | l)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func percentEncoded(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(Unicode.Scalar(b))
            if b < 0x80 && (c.isLetter || c.isNumber || "-._~".contains(c)) {
                out.append(c)
            } else {
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(_ n: Int) -> String {
        count >= n ? self : String(repeating: "0", count: n - count) + self
    }
}
