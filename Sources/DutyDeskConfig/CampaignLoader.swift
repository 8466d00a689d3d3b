import DutyDeskDomain
import Foundation
import Yams

/// A campaign file that cannot be used, with the file, the 1-based line (when known) and
/// the field path (e.g. `units[3].code`) in the message:
/// `campaign.yaml:42: units[3].code: duplicate unit code HQHN`.
public struct CampaignFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let field: String?
    public let message: String
    public init(file: String, line: Int?, field: String?, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let field { s += "\(field): " }
        return s + message
    }
}

/// Reads campaign definitions (YAML, format in docs/campaign-format.md) with Yams.
public enum CampaignLoader {
    /// Reads and validates the campaign file at `path` (`--campaign FILE`).
    /// - Throws: `CampaignFileError` naming the file, line and field.
    public static func load(path: String) throws(CampaignFileError) -> Campaign {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CampaignFileError(
                file: path, line: nil, field: nil, message: "cannot read the file (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CampaignFileError(file: path, line: nil, field: nil, message: "the file is not valid UTF-8")
        }
        return try parse(yaml: text, file: path)
    }

    /// The embedded Golden Strike 2021 campaign (text: `embeddedGoldenStrike2021Text`,
    /// identical to docs/campaigns/golden-strike-2021.yaml).
    public static let embeddedGoldenStrike2021: Campaign = {
        do { return try parse(yaml: embeddedGoldenStrike2021Text, file: "<embedded golden-strike-2021.yaml>") } catch {
            fatalError("the embedded campaign is invalid: \(error)")  // guarded by CampaignLoaderTests
        }
    }()

    /// Parses campaign YAML. `file` is used in error messages only.
    /// - Throws: `CampaignFileError` naming `file`, the line and the field.
    public static func parse(yaml: String, file: String) throws(CampaignFileError) -> Campaign {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw yamlError(error, file: file)
        }
        guard let root else { throw CampaignFileError(file: file, line: nil, field: nil, message: "the file is empty") }
        return try CampaignReader(file: file).campaign(root)
    }

    static func yamlError(_ error: Error, file: String) -> CampaignFileError {
        if let y = error as? YamlError {
            switch y {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                .composer(_, let problem, let mark, _):
                return CampaignFileError(file: file, line: mark.line, field: nil, message: "YAML syntax: \(problem)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                return CampaignFileError(
                    file: file, line: context.mark.line, field: nil,
                    message: "duplicate key \(duplicates.joined(separator: ", "))")
            default: break
            }
        }
        return CampaignFileError(file: file, line: nil, field: nil, message: "YAML: \(error)")
    }

    /// Parses a duration such as `15m`, `1h`, `24h`, `7d`, `90s` or `1h30m` into seconds.
    /// Total: nil for a bad shape and for anything longer than `TimeRules.longestDurationSeconds`
    /// (3660 days), so `99999999999999999999d` is refused, never an overflow trap.
    public static func parseDuration(_ text: String) -> Int? {
        var total = 0
        var current = 0
        var digits = 0
        var units = 0
        let limit = TimeRules.longestDurationSeconds
        for c in text.trimmingCharacters(in: .whitespaces) {
            if let d = c.wholeNumberValue, c.isASCII {
                // Any number above the limit is refused: stop growing it before it can overflow.
                current = min(current * 10 + d, limit + 1)
                digits += 1
                continue
            }
            guard digits > 0 else { return nil }
            let scale: Int
            switch c {
            case "d": scale = 86_400
            case "h": scale = 3600
            case "m": scale = 60
            case "s": scale = 1
            default: return nil
            }
            total += current * scale  // ≤ (limit + 1) · 86 400 + total: no overflow in 64 bits
            if total > limit { return nil }
            current = 0
            digits = 0
            units += 1
        }
        return digits == 0 && units > 0 ? total : nil
    }
}

/// Walks the node tree, keeping the field path for messages.
struct CampaignReader {
    let file: String

    func fail(_ node: Node?, _ field: String, _ message: String) -> CampaignFileError {
        CampaignFileError(file: file, line: node?.mark?.line, field: field, message: message)
    }

    func mapping(_ node: Node, _ field: String, allowed: Set<String>) throws(CampaignFileError) -> [String: Node] {
        guard let m = node.mapping else { throw fail(node, field, "expected a mapping") }
        var out: [String: Node] = [:]
        for (k, v) in m {
            guard let key = k.scalar?.string else { throw fail(k, field, "keys must be plain text") }
            let path = field.isEmpty ? key : "\(field).\(key)"
            if out[key] != nil { throw fail(k, path, "duplicate key") }
            if !allowed.contains(key) {
                throw fail(k, path, "unknown field (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            out[key] = v
        }
        return out
    }
    func required(_ m: [String: Node], _ key: String, _ parent: Node, _ field: String) throws(CampaignFileError) -> Node
    {
        guard let n = m[key] else {
            throw fail(parent, field.isEmpty ? key : "\(field).\(key)", "required field is missing")
        }
        return n
    }
    func string(_ node: Node, _ field: String) throws(CampaignFileError) -> String {
        guard let s = node.scalar?.string else { throw fail(node, field, "expected text") }
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { throw fail(node, field, "must not be empty") }
        return t
    }
    func timestamp(_ node: Node, _ field: String) throws(CampaignFileError) -> RFC3339Timestamp {
        let s = try string(node, field)
        let t: RFC3339Timestamp
        switch RFC3339Timestamp.read(s) {
        case .success(let v): t = v
        case .failure(.outOfRange): throw fail(node, field, "\"\(s)\" is \(RFC3339Timestamp.ReadError.outOfRange)")
        case .failure(.notRFC3339):
            throw fail(
                node, field, "\"\(s)\" is not an RFC 3339 date-time with offset (e.g. 2021-09-01T00:00:00+07:00)")
        }
        if let p = TimeRules.problem(t, field: nil) { throw fail(node, field, p) }
        return t
    }
    func duration(_ node: Node, _ field: String) throws(CampaignFileError) -> Int {
        let s = try string(node, field)
        guard let d = CampaignLoader.parseDuration(s), d > 0 else {
            throw fail(
                node, field,
                "\"\(s)\" is not a positive duration of at most 3660 days (e.g. 15m, 1h, 24h, 7d)")
        }
        return d
    }
    func source(_ m: [String: Node], _ parent: Node, _ field: String) throws(CampaignFileError) -> RuleSource {
        let n = try required(m, "source", parent, field)
        let s = try string(n, "\(field).source")
        if s == "practice" || s == "letter" { return RuleSource(s) }
        if s.hasPrefix("item "), let k = Int(s.dropFirst(5)), k > 0 { return RuleSource(s) }
        throw fail(n, "\(field).source", "\"\(s)\" must be \"practice\", \"letter\" or \"item N\"")
    }
    func bilingual(_ node: Node, _ field: String) throws(CampaignFileError) -> BilingualText {
        let m = try mapping(node, field, allowed: ["en", "vi"])
        return BilingualText(
            en: try string(try required(m, "en", node, field), "\(field).en"),
            vi: try string(try required(m, "vi", node, field), "\(field).vi"))
    }

    func campaign(_ root: Node) throws(CampaignFileError) -> Campaign {
        let m = try mapping(
            root, "",
            allowed: [
                "schema", "id", "name", "letter", "time_zone", "window", "coordination_board",
                "focal_unit", "units", "partner_agencies", "deadlines", "priorities", "attention",
            ])
        if let s = m["schema"] {
            guard let v = Int(try string(s, "schema")), v == 1 else {
                throw fail(s, "schema", "only schema 1 is supported")
            }
        }
        let id = try string(try required(m, "id", root, ""), "id")
        let name = try bilingual(try required(m, "name", root, ""), "name")
        guard m["letter"] == nil || m["letter"]?.scalar != nil else {
            throw fail(m["letter"], "letter", "expected text")
        }
        let letter = m["letter"]?.scalar?.string.trimmingCharacters(in: .whitespaces) ?? ""

        let tzNode = try required(m, "time_zone", root, "")
        let tz = try mapping(tzNode, "time_zone", allowed: ["name", "utc_offset"])
        let tzName = try string(try required(tz, "name", tzNode, "time_zone"), "time_zone.name")
        let offNode = try required(tz, "utc_offset", tzNode, "time_zone")
        let offText = try string(offNode, "time_zone.utc_offset")
        guard let offset = Self.offset(offText) else {
            throw fail(offNode, "time_zone.utc_offset", "\"\(offText)\" is not an offset like +07:00")
        }
        let zone = CampaignZone(name: tzName, offsetSeconds: offset)

        let wNode = try required(m, "window", root, "")
        let w = try mapping(wNode, "window", allowed: ["start", "end"])
        let start = try timestamp(try required(w, "start", wNode, "window"), "window.start")
        let endNode = try required(w, "end", wNode, "window")
        let end = try timestamp(endNode, "window.end")
        if end <= start { throw fail(endNode, "window.end", "the window ends before it starts") }

        let board = try bilingual(try required(m, "coordination_board", root, ""), "coordination_board")

        // Units.
        let uNode = try required(m, "units", root, "")
        guard let uSeq = uNode.sequence, uSeq.count > 0 else {
            throw fail(uNode, "units", "expected a non-empty list of units")
        }
        var units: [CampaignUnit] = []
        var codes: Set<String> = []
        for (i, n) in uSeq.enumerated() {
            let f = "units[\(i)]"
            let u = try mapping(n, f, allowed: ["code", "kind", "vi", "en", "parent"])
            let codeNode = try required(u, "code", n, f)
            let code = try string(codeNode, "\(f).code")
            guard code.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 0x2D }) else {
                throw fail(codeNode, "\(f).code", "\"\(code)\" must use A–Z, 0–9 and '-' only")
            }
            if !codes.insert(code).inserted { throw fail(codeNode, "\(f).code", "duplicate unit code \(code)") }
            let kindNode = try required(u, "kind", n, f)
            let kindText = try string(kindNode, "\(f).kind")
            guard let kind = UnitKind(rawValue: kindText) else {
                throw fail(
                    kindNode, "\(f).kind",
                    "\"\(kindText)\" must be one of \(UnitKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            units.append(
                CampaignUnit(
                    code: code, nameVI: try string(try required(u, "vi", n, f), "\(f).vi"),
                    nameEN: try string(try required(u, "en", n, f), "\(f).en"), kind: kind,
                    parent: try u["parent"].map { (p) throws(CampaignFileError) in try string(p, "\(f).parent") }))
        }
        for (i, u) in units.enumerated() {
            if let p = u.parent, !codes.contains(p) { throw fail(uSeq[i], "units[\(i)].parent", "unknown unit \(p)") }
        }
        let focalNode = try required(m, "focal_unit", root, "")
        let focal = try string(focalNode, "focal_unit")
        if !codes.contains(focal) { throw fail(focalNode, "focal_unit", "unknown unit \(focal)") }

        // Partner agencies.
        var partners: [PartnerAgency] = []
        if let pNode = m["partner_agencies"] {
            guard let seq = pNode.sequence else { throw fail(pNode, "partner_agencies", "expected a list") }
            var seen: Set<String> = []
            for (i, n) in seq.enumerated() {
                let f = "partner_agencies[\(i)]"
                let p = try mapping(n, f, allowed: ["code", "vi", "en"])
                let cNode = try required(p, "code", n, f)
                let code = try string(cNode, "\(f).code")
                if !seen.insert(code).inserted { throw fail(cNode, "\(f).code", "duplicate partner code \(code)") }
                partners.append(
                    PartnerAgency(
                        code: code, nameVI: try string(try required(p, "vi", n, f), "\(f).vi"),
                        nameEN: try string(try required(p, "en", n, f), "\(f).en")))
            }
        }

        // Deadlines.
        let dNode = try required(m, "deadlines", root, "")
        let d = try mapping(
            dNode, "deadlines",
            allowed: [
                "focal_officer_nomination", "rapid_report", "daily_update",
                "final_report", "verification_answer", "due_soon",
            ])
        func section(_ key: String, _ allowed: Set<String>) throws(CampaignFileError) -> (Node, [String: Node], String)
        {
            let f = "deadlines.\(key)"
            let n = try required(d, key, dNode, "deadlines")
            return (n, try mapping(n, f, allowed: allowed.union(["source"])), f)
        }
        let (fn, fm, ff) = try section("focal_officer_nomination", ["due"])
        let (rn, rm, rf) = try section("rapid_report", ["after_seizure"])
        let (dn, dm, df) = try section("daily_update", ["local_time"])
        let (xn, xm, xf) = try section("final_report", ["due"])
        let (vn, vm, vf) = try section("verification_answer", ["default"])
        let (sn, sm, sf) = try section("due_soon", ["threshold"])
        let ltNode = try required(dm, "local_time", dn, df)
        let lt = try string(ltNode, "\(df).local_time")
        guard let minute = Self.minuteOfDay(lt) else {
            throw fail(ltNode, "\(df).local_time", "\"\(lt)\" is not a time HH:MM")
        }
        let rules = DeadlineRules(
            focalOfficerNominationDue: try timestamp(try required(fm, "due", fn, ff), "\(ff).due"),
            focalOfficerNominationSource: try source(fm, fn, ff),
            rapidReportAfterSeizureSeconds: try duration(
                try required(rm, "after_seizure", rn, rf), "\(rf).after_seizure"),
            rapidReportSource: try source(rm, rn, rf),
            dailyUpdateMinuteOfDay: minute, dailyUpdateSource: try source(dm, dn, df),
            finalReportDue: try timestamp(try required(xm, "due", xn, xf), "\(xf).due"),
            finalReportSource: try source(xm, xn, xf),
            verificationAnswerSeconds: try duration(try required(vm, "default", vn, vf), "\(vf).default"),
            verificationAnswerSource: try source(vm, vn, vf),
            dueSoonSeconds: try duration(try required(sm, "threshold", sn, sf), "\(sf).threshold"),
            dueSoonSource: try source(sm, sn, sf))

        // Priorities.
        let prNode = try required(m, "priorities", root, "")
        guard let prSeq = prNode.sequence else { throw fail(prNode, "priorities", "expected a list") }
        var rulesByPriority: [Priority: PriorityRule] = [:]
        for (i, n) in prSeq.enumerated() {
            let f = "priorities[\(i)]"
            let p = try mapping(n, f, allowed: ["id", "acknowledge_within", "remind_every", "source"])
            let idNode = try required(p, "id", n, f)
            let pid = try string(idNode, "\(f).id")
            guard let pr = Priority(rawValue: pid) else {
                throw fail(idNode, "\(f).id", "\"\(pid)\" must be critical, high, normal or low")
            }
            if rulesByPriority[pr] != nil { throw fail(idNode, "\(f).id", "priority \(pid) is defined twice") }
            rulesByPriority[pr] = PriorityRule(
                priority: pr,
                acknowledgeWithinSeconds: try duration(
                    try required(p, "acknowledge_within", n, f), "\(f).acknowledge_within"),
                source: try source(p, n, f),
                remindEverySeconds: try p["remind_every"].map { (r) throws(CampaignFileError) in
                    try reminderDuration(r, "\(f).remind_every")
                })
        }
        var priorityRules: [PriorityRule] = []
        for p in Priority.allCases {
            guard let rule = rulesByPriority[p] else {
                throw fail(
                    prNode, "priorities",
                    "priority \(p.rawValue) is missing (all of critical, high, normal, low are needed)")
            }
            priorityRules.append(rule)
        }
        // Attention (optional; issue 13, item 1).
        var untouched = Campaign.defaultUntouchedAfterSeconds
        var selfEscalation: Int?
        if let aNode = m["attention"] {
            let a = try mapping(
                aNode, "attention", allowed: ["untouched_after", "escalate_after_reminders", "source"])
            if let u = a["untouched_after"] { untouched = try reminderDuration(u, "attention.untouched_after") }
            if let e = a["escalate_after_reminders"] {
                selfEscalation = try reminderCount(e, "attention.escalate_after_reminders")
            }
            _ = try source(a, aNode, "attention")
        }
        return Campaign(
            id: id, name: name, letterReference: letter, zone: zone, windowStart: start, windowEnd: end,
            units: units, partnerAgencies: partners, coordinationBoard: board, focalUnit: focal,
            deadlines: rules, priorities: priorityRules, untouchedAfterSeconds: untouched,
            selfEscalationAfterReminders: selfEscalation)
    }

    /// A number of reminders: a whole number from 1 to 100.
    func reminderCount(_ n: Node, _ field: String) throws(CampaignFileError) -> Int {
        guard let s = n.scalar?.string, let v = Int(s), (1...100).contains(v) else {
            throw fail(n, field, "must be a whole number of reminders from 1 to 100")
        }
        return v
    }

    /// A reminder's repeat: a duration of at least a minute (a shorter one would ring the
    /// alarm at every tick).
    func reminderDuration(_ n: Node, _ field: String) throws(CampaignFileError) -> Int {
        let v = try duration(n, field)
        if v < 60 { throw fail(n, field, "must be at least 1m") }
        return v
    }

    /// `+07:00` → 25200.
    static func offset(_ s: String) -> Int32? {
        let b = Array(s.utf8)
        guard b.count == 6, b[0] == 0x2B || b[0] == 0x2D, b[3] == 0x3A,
            let h = Int(String(decoding: b[1...2], as: UTF8.self)),
            let m = Int(String(decoding: b[4...5], as: UTF8.self)),
            h <= 14, m <= 59
        else { return nil }
        return Int32((h * 3600 + m * 60) * (b[0] == 0x2D ? -1 : 1))
    }
    /// `17:00` → 1020.
    static func minuteOfDay(_ s: String) -> Int? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
            (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        return h * 60 + m
    }
}
