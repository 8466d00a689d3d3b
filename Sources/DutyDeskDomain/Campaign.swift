import DutyDeskJSON

/// Text in both languages of the product: English first, Vietnamese second.
public struct BilingualText: Sendable, Hashable {
    /// English text.
    public var en: String
    /// Vietnamese text (NFC as written; search folds it).
    public var vi: String
    public init(en: String, vi: String) {
        self.en = en
        self.vi = vi
    }
}

/// Where a rule's value comes from: a numbered item of letter 4237/TCHQ-ĐTCBL
/// (`"item 9"`) or local practice (`"practice"`), shown next to every deadline.
public struct RuleSource: Sendable, Hashable, CustomStringConvertible {
    /// `"item N"` for the letter, `"practice"` for a configurable default.
    public let text: String
    public init(_ text: String) { self.text = text }
    /// A value the letter does not fix: a configurable default of the campaign file.
    public static let practice = RuleSource("practice")
    /// A value fixed by item `n` of the letter.
    public static func letter(item n: Int) -> RuleSource { RuleSource("item \(n)") }
    /// True for `"practice"`.
    public var isPractice: Bool { text == "practice" }
    public var description: String { text }
}

/// The campaign's time zone: a fixed UTC offset (Vietnam has no daylight saving).
/// Every display and every notion of "today" uses it, whatever the machine's `TZ`.
public struct CampaignZone: Sendable, Hashable {
    /// Short name shown to officers, e.g. `"ICT"`.
    public var name: String
    /// Offset from UTC in seconds, east positive (ICT: +25200 = UTC+7).
    public var offsetSeconds: Int32
    public init(name: String, offsetSeconds: Int32) {
        self.name = name
        self.offsetSeconds = offsetSeconds
    }
    /// Indochina Time, UTC+07:00.
    public static let ict = CampaignZone(name: "ICT", offsetSeconds: 25_200)

    /// The same instant expressed in this zone's offset.
    public func local(_ t: RFC3339Timestamp) -> RFC3339Timestamp {
        RFC3339Timestamp(epochNanoseconds: t.epochNanoseconds, offsetSeconds: offsetSeconds)
    }
    /// Civil date and time of `t` in this zone.
    public func civil(_ t: RFC3339Timestamp) -> RFC3339Timestamp.Civil {
        RFC3339Timestamp.civil(epochNanoseconds: t.epochNanoseconds, offsetSeconds: offsetSeconds)
    }
    /// The local calendar day of `t` in this zone as `yyyy-MM-dd` ("today" for the campaign).
    public func day(_ t: RFC3339Timestamp) -> String {
        let c = civil(t)
        return CampaignZone.isoDay(year: c.year, month: c.month, day: c.day)
    }
    /// The instant at local `hour:minute` on the given civil date in this zone; saturates
    /// at the representable range (years outside 1677–2262; use `checkedInstant` to
    /// tell) rather than trapping.
    public func instant(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0)
        -> RFC3339Timestamp
    {
        checkedInstant(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            ?? (year < 1970 ? RFC3339Timestamp.earliestRepresentable : RFC3339Timestamp.latestRepresentable)
    }
    /// `instant(year:month:day:hour:minute:second:)`, nil outside the representable range
    /// (1677-09-21 to 2262-04-11) or for a year beyond ±100 000.
    public func checkedInstant(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0)
        -> RFC3339Timestamp?
    {
        guard year > -100_000, year < 100_000, (0...24).contains(hour), (0...60).contains(minute),
            (0...60).contains(second)
        else { return nil }
        let days = Int64(RFC3339Timestamp.daysFromCivil(year: year, month: month, day: day))
        return RFC3339Timestamp.fromLocal(
            days: days, secondOfDay: Int64(hour * 3600 + minute * 60 + second), nanos: 0, offsetSeconds: offsetSeconds)
    }
    /// `yyyy-MM-dd` with zero padding.
    public static func isoDay(year: Int, month: Int, day: Int) -> String {
        func p(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return "\(p(year, 4))-\(p(month, 2))-\(p(day, 2))"
    }
}

/// The kind of a customs unit taking part in the campaign.
public enum UnitKind: String, Sendable, Hashable, CaseIterable {
    /// A provincial/municipal Customs Department (Cục Hải quan tỉnh, thành phố);
    /// each nominates one focal officer (letter 4237, item 9).
    case provincialDepartment = "provincial_department"
    /// A department of the General Department, e.g. ĐTCBL (Cục Điều tra chống buôn lậu).
    case department
    /// A division inside a department, e.g. Division 1 (Phòng 1) of ĐTCBL, the focal unit.
    case division
}

/// A customs unit: stable short ASCII code plus its names.
public struct CampaignUnit: Sendable, Hashable, Identifiable {
    /// Stable ASCII code, e.g. `HQHN` (Hà Nội Customs Department), `DTCBL-P1` (Division 1).
    public var code: String
    /// Vietnamese name, e.g. `Cục Hải quan thành phố Hà Nội`.
    public var nameVI: String
    /// English name, e.g. `Hanoi Customs Department`.
    public var nameEN: String
    public var kind: UnitKind
    /// Code of the parent unit (Division 1 → `DTCBL`), or nil.
    public var parent: String?
    public var id: String { code }
    public init(code: String, nameVI: String, nameEN: String, kind: UnitKind, parent: String? = nil) {
        self.code = code
        self.nameVI = nameVI
        self.nameEN = nameEN
        self.kind = kind
        self.parent = parent
    }
}

/// A partner enforcement agency (letter 4237, item 3): alert source and assignee.
public struct PartnerAgency: Sendable, Hashable, Identifiable {
    /// `police` (Công an), `border_guard` (Biên phòng), `market_management` (Quản lý thị trường), …
    public var code: String
    public var nameVI: String
    public var nameEN: String
    public var id: String { code }
    public init(code: String, nameVI: String, nameEN: String) {
        self.code = code
        self.nameVI = nameVI
        self.nameEN = nameEN
    }
}

/// Acknowledgement time of a priority: a new alert must be acknowledged (an officer
/// takes ownership) within `acknowledgeWithinSeconds` of its receipt.
public struct PriorityRule: Sendable, Hashable {
    public var priority: Priority
    /// Seconds from receipt to acknowledgement (practice defaults: critical 900, high 3600,
    /// normal 14400, low 86400).
    public var acknowledgeWithinSeconds: Int
    public var source: RuleSource
    /// Seconds between reminders of an alert past its acknowledgement time (campaign file
    /// `remind_every`; issue 13, item 1), nil for the dashboard's practice default (15 min
    /// for critical and high, 60 min for normal and low).
    public var remindEverySeconds: Int?
    public init(
        priority: Priority, acknowledgeWithinSeconds: Int, source: RuleSource, remindEverySeconds: Int? = nil
    ) {
        self.priority = priority
        self.acknowledgeWithinSeconds = acknowledgeWithinSeconds
        self.source = source
        self.remindEverySeconds = remindEverySeconds
    }
}

/// Deadline rules of a campaign. Each carries its source (letter item or practice).
public struct DeadlineRules: Sendable, Hashable {
    /// Focal-officer nomination due instant (Golden Strike 2021: 2021-09-05T00:00+07:00, item 9).
    public var focalOfficerNominationDue: RFC3339Timestamp
    public var focalOfficerNominationSource: RuleSource
    /// Rapid report due this many seconds after a seizure is recorded (practice: 86400).
    public var rapidReportAfterSeizureSeconds: Int
    public var rapidReportSource: RuleSource
    /// Daily results update due at this local time (minutes after midnight in the campaign
    /// zone) on each campaign day (practice: 17:00 = 1020).
    public var dailyUpdateMinuteOfDay: Int
    public var dailyUpdateSource: RuleSource
    /// Final results report due instant (practice: 2021-09-10T17:00+07:00).
    public var finalReportDue: RFC3339Timestamp
    public var finalReportSource: RuleSource
    /// Default answer delay of a verification request, seconds after opening (practice: 7 days).
    public var verificationAnswerSeconds: Int
    public var verificationAnswerSource: RuleSource
    /// A pending deadline within this many seconds reads "due soon" (practice: 7200).
    public var dueSoonSeconds: Int
    public var dueSoonSource: RuleSource
    public init(
        focalOfficerNominationDue: RFC3339Timestamp, focalOfficerNominationSource: RuleSource,
        rapidReportAfterSeizureSeconds: Int, rapidReportSource: RuleSource,
        dailyUpdateMinuteOfDay: Int, dailyUpdateSource: RuleSource,
        finalReportDue: RFC3339Timestamp, finalReportSource: RuleSource,
        verificationAnswerSeconds: Int, verificationAnswerSource: RuleSource,
        dueSoonSeconds: Int, dueSoonSource: RuleSource
    ) {
        self.focalOfficerNominationDue = focalOfficerNominationDue
        self.focalOfficerNominationSource = focalOfficerNominationSource
        self.rapidReportAfterSeizureSeconds = rapidReportAfterSeizureSeconds
        self.rapidReportSource = rapidReportSource
        self.dailyUpdateMinuteOfDay = dailyUpdateMinuteOfDay
        self.dailyUpdateSource = dailyUpdateSource
        self.finalReportDue = finalReportDue
        self.finalReportSource = finalReportSource
        self.verificationAnswerSeconds = verificationAnswerSeconds
        self.verificationAnswerSource = verificationAnswerSource
        self.dueSoonSeconds = dueSoonSeconds
        self.dueSoonSource = dueSoonSource
    }
}

/// A campaign definition (file format: docs/campaign-format.md). Loaded by
/// `DutyDeskConfig.CampaignLoader`; the embedded default is Golden Strike 2021.
public struct Campaign: Sendable, Hashable {
    /// Stable id, e.g. `golden-strike-2021`.
    public var id: String
    public var name: BilingualText
    /// The letter the campaign comes from, e.g. `4237/TCHQ-ĐTCBL` (may be empty).
    public var letterReference: String
    public var zone: CampaignZone
    /// Campaign window start (inclusive).
    public var windowStart: RFC3339Timestamp
    /// Campaign window end (exclusive: Golden Strike 2021 ends 2021-09-06T00:00+07:00, all of 05/09 included).
    public var windowEnd: RFC3339Timestamp
    /// Every participating unit, in file order.
    public var units: [CampaignUnit]
    public var partnerAgencies: [PartnerAgency]
    /// The campaign's international Coordination Board (Ban điều phối).
    public var coordinationBoard: BilingualText
    /// Code of the focal unit (Golden Strike 2021: `DTCBL-P1`, Division 1 of ĐTCBL);
    /// outgoing verification requests are routed through it (letter, paragraph after item 6).
    public var focalUnit: String
    public var deadlines: DeadlineRules
    /// One rule per priority, in order critical, high, normal, low.
    public var priorities: [PriorityRule]
    /// An acknowledged alert nobody touched (no event on it) for this many seconds reminds
    /// its desk (campaign file `attention.untouched_after`; practice default 2 h; issue 13,
    /// item 1).
    public var untouchedAfterSeconds: Int
    /// The practice default of `untouchedAfterSeconds`.
    public static let defaultUntouchedAfterSeconds = 7200
    /// An unacknowledged alert escalates itself to the next level of
    /// `EscalationTarget.ladder` after this many acknowledgement reminders went unanswered
    /// (campaign file `attention.escalate_after_reminders`; issue 13, item 1; decision 0017);
    /// nil, the default: never.
    public var selfEscalationAfterReminders: Int?
    /// The practice repeat of acknowledgement reminders where the campaign file sets no
    /// `remind_every`: 15 min for critical and high, 60 min for normal and low.
    public static let defaultRemindEverySeconds: [Priority: Int] = [
        .critical: 900, .high: 900, .normal: 3600, .low: 3600,
    ]

    public init(
        id: String, name: BilingualText, letterReference: String, zone: CampaignZone,
        windowStart: RFC3339Timestamp, windowEnd: RFC3339Timestamp, units: [CampaignUnit],
        partnerAgencies: [PartnerAgency], coordinationBoard: BilingualText, focalUnit: String,
        deadlines: DeadlineRules, priorities: [PriorityRule],
        untouchedAfterSeconds: Int = Campaign.defaultUntouchedAfterSeconds,
        selfEscalationAfterReminders: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.letterReference = letterReference
        self.zone = zone
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.units = units
        self.partnerAgencies = partnerAgencies
        self.coordinationBoard = coordinationBoard
        self.focalUnit = focalUnit
        self.deadlines = deadlines
        self.priorities = priorities
        self.untouchedAfterSeconds = untouchedAfterSeconds
        self.selfEscalationAfterReminders = selfEscalationAfterReminders
    }

    /// Seconds between the acknowledgement reminders of an alert of priority `p`: the
    /// campaign file's `remind_every`, else `defaultRemindEverySeconds`; at least 60.
    public func remindEverySeconds(_ p: Priority) -> Int {
        let s = priorities.first { $0.priority == p }?.remindEverySeconds ?? Self.defaultRemindEverySeconds[p] ?? 3600
        return max(60, s)
    }

    /// The unit with this code, or nil.
    public func unit(_ code: String) -> CampaignUnit? { units.first { $0.code == code } }
    /// The partner agency with this code, or nil.
    public func partner(_ code: String) -> PartnerAgency? { partnerAgencies.first { $0.code == code } }
    /// Units that must nominate a focal officer (the provincial departments; item 9).
    public var nominatingUnits: [CampaignUnit] { units.filter { $0.kind == .provincialDepartment } }
    /// Seconds within which an alert of `priority` must be acknowledged (practice default
    /// table if the campaign lacks the priority).
    public func acknowledgeWithinSeconds(_ priority: Priority) -> Int {
        priorities.first { $0.priority == priority }?.acknowledgeWithinSeconds ?? priority.practiceAcknowledgeSeconds
    }
    /// The rule for `priority`, if the campaign defines one.
    public func priorityRule(_ priority: Priority) -> PriorityRule? { priorities.first { $0.priority == priority } }

    /// The campaign days (local dates in the campaign zone) from window start up to but
    /// excluding window end, as (year, month, day).
    public var campaignDays: [(year: Int, month: Int, day: Int)] {
        var out: [(Int, Int, Int)] = []
        let start = zone.civil(windowStart)
        var d = RFC3339Timestamp.daysFromCivil(year: start.year, month: start.month, day: start.day)
        while true {
            let c = RFC3339Timestamp.civil(epochNanoseconds: Int64(d) * 86_400_000_000_000, offsetSeconds: 0)
            let midnight = zone.instant(year: c.year, month: c.month, day: c.day)
            if midnight >= windowEnd || out.count > 3660 { break }
            out.append((c.year, c.month, c.day))
            d += 1
        }
        return out
    }
}
