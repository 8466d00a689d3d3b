// What goes wrong between a desk and the campaign's server, in words an officer or an
// administrator can act on (issue 11; docs/network.md "When something is wrong").

import DutyDeskDomain

/// A network failure.
///
/// Each case maps to a sysexits code in the command layer: `badURL` and `badSettings` 64/78,
/// `unavailable` 69 (the server cannot be reached or refused the login: the desk keeps
/// working on its log), `server` 69, `refused` 65 (the server or the rules refused a record:
/// a fork, a record of another desk), `local` 74.
public enum NetworkError: Error, Sendable, Equatable {
    /// The `--database` URL is malformed; the text says which part (never the password).
    case badURL(String)
    /// The desk's settings file (`<log>.network`) is missing, malformed or too open.
    case badSettings(path: String, reason: String)
    /// The server cannot be reached, or the login failed.
    case unavailable(String)
    /// The server answered with an error (SQLSTATE and message).
    case server(String)
    /// The server or the rules refused what this desk sent.
    case refused(String)
    /// This desk's own files (log, key, settings) failed.
    case local(String)

    /// The message, without the `dutydesk:` prefix, in English.
    public var text: String { text(.en) }

    /// The message in `language` (issue 14, item 2). What the server or the network said
    /// (`why`) is quoted as it came, after the officer's own words for what happened.
    public func text(_ language: Language) -> String {
        guard language == .vi else { return textEN }
        switch self {
        case .badURL(let why): return "--database: không phải địa chỉ postgres://: \(why)"
        case .badSettings(let path, let reason): return "\(path): tệp cấu hình mạng của bàn trực hỏng: \(reason)"
        case .unavailable(let why): return "không kết nối được máy chủ của chiến dịch: \(why)"
        case .server(let why): return "máy chủ của chiến dịch từ chối: \(why)"
        case .refused(let why): return why
        case .local(let why): return why
        }
    }

    private var textEN: String {
        switch self {
        case .badURL(let why): return "--database: not a postgres:// URL: \(why)"
        case .badSettings(let path, let reason): return "\(path): \(reason)"
        case .unavailable(let why): return "the campaign server is unavailable: \(why)"
        case .server(let why): return "the campaign server refused: \(why)"
        case .refused(let why): return why
        case .local(let why): return why
        }
    }
}
