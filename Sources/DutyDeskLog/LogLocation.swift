#if canImport(Glibc)
    import Glibc
#endif

/// Where a campaign's log lives (issue 2, item 5).
public enum LogLocation {
    /// The log path: `explicit` (`--log PATH`) if given, else `DUTYDESK_LOG` if set and not
    /// empty, else `$XDG_DATA_HOME/dutydesk/<campaign-id>.log` (XDG_DATA_HOME must be an
    /// absolute path to count), else `$HOME/.local/share/dutydesk/<campaign-id>.log`
    /// (HOME from the environment, else the password database). One file per campaign;
    /// characters of `campaignID` outside `A–Z a–z 0–9 . _ -` become `-`.
    public static func resolve(explicit: String?, environment: [String: String], campaignID: String) -> String {
        if let e = explicit, !e.isEmpty { return e }
        if let e = environment["DUTYDESK_LOG"], !e.isEmpty { return e }
        let name = fileName(campaignID)
        if let x = environment["XDG_DATA_HOME"], x.hasPrefix("/") { return join(x, "dutydesk/\(name).log") }
        var home = environment["HOME"] ?? ""
        if home.isEmpty, let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir { home = String(cString: dir) }
        if home.isEmpty { home = "." }
        return join(home, ".local/share/dutydesk/\(name).log")
    }

    /// Why `campaignID` cannot name a log file, or nil when it can (issue 12, item 8):
    /// an id must be 1–100 characters of `A–Z a–z 0–9 . _ -`, not start with `.` (so `.`,
    /// `..` and hidden files are out) — then it is its own file name and two campaigns
    /// never share a log (without the rule `.` and `..` both mapped to `campaign.log`).
    public static func unsafeFileNameReason(_ campaignID: String) -> String? {
        let scalars = campaignID.unicodeScalars
        if scalars.isEmpty { return "is empty" }
        if scalars.count > 100 { return "is longer than 100 characters" }
        if scalars.first == "." { return "starts with '.' (no '.', '..' or hidden file names)" }
        if let bad = scalars.first(where: { s in
            let v = s.value
            return
                !((v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x2E
                || v == 0x5F || v == 0x2D)
        }) {
            let hex = String(bad.value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            let control = bad.value < 0x20 || bad.value == 0x7F || (bad.value >= 0x80 && bad.value < 0xA0)
            let shown = control ? code : "'\(bad)' (\(code))"
            return "contains \(shown); use only letters A–Z a–z, digits, '.', '_' and '-'"
        }
        return nil
    }

    /// Warnings (one line each, for standard error) when the log file at `path`, or its
    /// directory, is group- or world-writable: other users could alter, remove or replace
    /// records. Empty when neither is, or they do not exist yet. Links are not followed.
    public static func writableByOthersWarnings(_ path: String) -> [String] { Posix.writableByOthersWarnings(path) }

    static func fileName(_ id: String) -> String {
        let cleaned = String(
            id.unicodeScalars.map { s -> Character in
                let v = s.value
                let ok =
                    (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x2E
                    || v == 0x5F || v == 0x2D
                return ok ? Character(s) : "-"
            })
        if cleaned.isEmpty || cleaned.allSatisfy({ $0 == "." }) { return "campaign" }
        return cleaned
    }

    static func join(_ a: String, _ b: String) -> String { a.hasSuffix("/") ? a + b : a + "/" + b }
}
