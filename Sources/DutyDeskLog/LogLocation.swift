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
