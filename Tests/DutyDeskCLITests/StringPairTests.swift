import Foundation
import Testing

/// Every pair of words the officer reads is written in both languages (issue 14, item 7):
/// each `t("English", "Tiếng Việt")` and `en: "…", vi: "…"` written in the sources has two
/// non-empty texts that differ, so no entry is left as an English copy. Read from the
/// sources because the tables are code (computed properties and calls), not data.
@Suite struct StringPairTests {
    /// The folders whose sources hold the string tables and the messages.
    static let folders = [
        "Sources/Dashboard", "Sources/DutyDeskCLI", "Sources/DutyDeskDomain", "Sources/DutyDeskConfig",
    ]

    /// `(file:line, en, vi)` of every literal pair in `text`.
    static func pairs(in text: String, file: String) -> [(String, String, String)] {
        // A literal: quotes around anything but a quote, a backslash or a line end, or an escape.
        let lit = #""((?:[^"\\\n]|\\.)*)""#
        let patterns = [
            #"\bt\(\s*"# + lit + #"\s*,\s*"# + lit + #"\s*\)"#, #"\ben:\s*"# + lit + #"\s*,\s*vi:\s*"# + lit,
        ]
        var out: [(String, String, String)] = []
        let ns = text as NSString
        for p in patterns {
            let re = try! NSRegularExpression(pattern: p)
            for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                let line = ns.substring(to: m.range.location).reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                out.append(("\(file):\(line)", ns.substring(with: m.range(at: 1)), ns.substring(with: m.range(at: 2))))
            }
        }
        return out
    }

    @Test func everyPairHasTwoDifferentTexts() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var all: [(String, String, String)] = []
        for folder in Self.folders {
            let dir = root.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? []
            for f in files where f.hasSuffix(".swift") {
                let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
                all += Self.pairs(in: text, file: folder + "/" + f)
            }
        }
        // The scan itself must find the tables: hundreds of pairs, not a handful.
        #expect(all.count > 600, "only \(all.count) pairs found: the scan no longer reads the tables")
        for (at, en, vi) in all {
            #expect(!en.isEmpty && !vi.isEmpty, "\(at): an empty text")
            #expect(en != vi, "\(at): «\(en)» is the same in both languages")
        }
    }

    @Test func theScanFindsACopiedEntry() {
        let found = Self.pairs(
            in: """
                var a: String { t("Alerts", "Tin báo") }
                var b: String { t("Seized", "Seized") }
                throw .usage(en: "--x: bad", vi: "--x: sai")
                """, file: "x.swift")
        #expect(found.map(\.1) == ["Alerts", "Seized", "--x: bad"])
        #expect(found.filter { $0.1 == $0.2 }.map(\.0) == ["x.swift:2"])
    }
}
