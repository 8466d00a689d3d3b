import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

/// How the dashboard calls for attention (issue 4, item 4).
public enum Alarm: String, Sendable, Hashable, CaseIterable {
    case none, bell, flash
}

/// Which alarm each kind of event raises. Each raises it once; the banner stays until
/// the officer marks it seen (`x`, or `X` for all) or, for a banner about an alert, until
/// someone acts on the alert. Snooze ends and acknowledgement reminders use the critical
/// and high alarms by the alert's priority, and the deadline alarm for normal and low.
public struct BellPolicy: Sendable, Hashable {
    /// A new critical alert.
    public var critical: Alarm
    /// A new high-priority alert.
    public var high: Alarm
    /// A deadline turning due soon or overdue.
    public var deadline: Alarm
    public init(critical: Alarm = .flash, high: Alarm = .bell, deadline: Alarm = .bell) {
        self.critical = critical
        self.high = high
        self.deadline = deadline
    }
    public static let standard = BellPolicy()
}

/// What the dashboard is started with (issue 4, item 1). All values come from the
/// command line or the environment, read by the runner, never by the dashboard.
public struct DashboardConfig: Sendable {
    public var campaign: Campaign
    /// Officer id recorded as the actor of every action (`--officer`, default the login name).
    public var officer: String
    public var language: Language
    public var bellPolicy: BellPolicy
    /// Prefix of the ids of the events this process proposes; must be unique per process
    /// (the runner uses e.g. host, pid and start time). Ids are `<prefix>-<n>`.
    public var eventIDPrefix: String
    /// Seconds between the reminders of an alert left unacknowledged past its acknowledgement
    /// time, per priority (issue 13, item 1): by default the campaign file's `remind_every`
    /// (practice where it is absent: 15 min for critical and high, 60 min for normal and
    /// low; docs/decisions/0004-dashboard.md, "Attention"). At least 60 s is used.
    public var ackReminderSeconds: [Priority: Int]
    /// False: acknowledgement times raise no banner and no alarm (the alert list's `!`
    /// still marks a late alert). True by default.
    public var acknowledgementReminders: Bool

    /// The practice repeat of acknowledgement reminders (see `ackReminderSeconds`).
    public static let defaultAckReminderSeconds = Campaign.defaultRemindEverySeconds

    public init(
        campaign: Campaign, officer: String, language: Language = .en, bellPolicy: BellPolicy = .standard,
        eventIDPrefix: String, ackReminderSeconds: [Priority: Int]? = nil,
        acknowledgementReminders: Bool = true
    ) {
        self.campaign = campaign
        self.officer = officer
        self.language = language
        self.bellPolicy = bellPolicy
        self.eventIDPrefix = eventIDPrefix
        self.ackReminderSeconds = ackReminderSeconds ?? Self.campaignReminderSeconds(campaign)
        self.acknowledgementReminders = acknowledgementReminders
    }

    /// Seconds between acknowledgement reminders of an alert of priority `p`: the
    /// campaign's `remind_every` for it, else `ackReminderSeconds`.
    public func reminderSeconds(_ p: Priority) -> Int {
        ackReminderSeconds[p] ?? Self.defaultAckReminderSeconds[p] ?? 3600
    }

    /// The repeats the campaign file sets (`remind_every`), the practice default for a
    /// priority it leaves out.
    public static func campaignReminderSeconds(_ c: Campaign) -> [Priority: Int] {
        var out = defaultAckReminderSeconds
        for r in c.priorities { if let s = r.remindEverySeconds { out[r.priority] = s } }
        return out
    }
}

/// State of the log as the runner reports it; shown in the header.
public enum LogStatus: Sendable, Hashable {
    case ok
    /// Actions are refused; `reason` names the first bad record.
    case readOnly(reason: String)
    /// A torn tail was quarantined at start; `detail` says where.
    case recovered(detail: String)
}

/// The three panes (issue 4, item 2).
public enum Pane: Int, Sendable, Hashable, CaseIterable {
    case alerts = 0
    case verification, deadlines
}

/// A message to the dashboard: input, time, or the result of an effect.
public enum Msg: Sendable {
    case key(Key)
    /// The clock, once a second (the runner's clock: `--now` plus elapsed real time).
    case tick(RFC3339Timestamp)
    /// Records the log follower read (from any process, ours included), in seq order.
    case recordsAppended([RecordedEvent])
    /// The append of `requestID` is durable; `records` are what the log stored.
    case appendSucceeded(requestID: Int, records: [RecordedEvent])
    /// The append of `requestID` failed; nothing was written.
    case appendFailed(requestID: Int, message: String)
    case resize(width: Int, height: Int)
    case logStatus(LogStatus)
    /// How far the background verification of the log's trusted prefix is (issue 15,
    /// item 1): a whole percent while it runs, nil once it ended (a bad record found
    /// there arrives as `.logStatus(.readOnly)`).
    case verifying(percent: Int?)
    /// The dashboard's clock was more than a minute behind the log's last record when an
    /// action was stored (stamped with the log's time; issue 10, item 2): a banner.
    case clockBehind(ClockBehind)
    /// The saved filters file at `path` as the runner read it at start (a missing file is
    /// no filter): the filters, or why it cannot be used (a banner; issue 13, item 7).
    case savedFiltersRead(path: String, Result<SavedFilters, SavedFiltersProblem>)
    /// The result of `Effect.saveFilter` for `name`: the file as written, or why nothing was.
    case filterSaved(name: String, Result<SavedFilters, SavedFiltersProblem>)
}

/// A side effect the runner performs for the dashboard.
public enum Effect: Sendable, Equatable {
    /// Append these events durably (in order, one batch, actor `config.officer`), then
    /// send `.appendSucceeded` with the stored records or `.appendFailed` with the same
    /// `requestID`. The events were decided against the projection at `state.now`.
    case append(requestID: Int, events: [ProposedEvent])
    /// `append`, with the actor `system` (the desk's own records: a self-escalation,
    /// decision 0017); the result comes back the same way.
    case appendAsSystem(requestID: Int, events: [ProposedEvent])
    case bell
    case flash
    case quit
    /// Save `filter` as `name` in the saved filters file (`:save`): read the file again,
    /// set the name, write it atomically (a temporary file, then rename); a damaged file is
    /// left as it is. Then send `.filterSaved` with the file as written, or the problem.
    case saveFilter(name: String, SavedFilter)
}

/// A banner shown under the header until the officer marks it seen, or, for one about
/// an alert, until someone acts on the alert (`clearSettledBanners`).
struct Notice: Sendable, Equatable {
    /// Dedupe key (`alert:A-0042`, `ack:A-0042`, `woke:A-0042`,
    /// `deadline:focal_officer_nominations:overdue`).
    var key: String
    var text: String
    var role: Role
    /// The alert it is about, if any.
    var alertID: String? = nil
    var kind: NoticeKind = .other
    /// The priority of its alert (banners are ordered by it; hidden critical ones are counted).
    var priority: Priority? = nil

    /// Place in the banner order (issue 13, item 1): an alert's priority rank (critical 0
    /// … low 3); others by role: danger (overdue deadline, failed append, read-only log)
    /// with high, the rest (due soon, clock behind) with normal. Within a rank the oldest
    /// raised comes first (`addBanner`).
    var rank: Int {
        if let p = priority { return p.rank }
        return role == .danger || role == .critical ? 1 : 2
    }
}

/// The Deadlines pane's group of alert ETAs: how many, and the list row of the earliest
/// one not met (its state and countdown are the group's).
struct ETAGroup: Sendable, Equatable {
    var count: Int
    var firstPending: Int?
}

/// An action sent to the log and not yet durable.
struct PendingAction: Sendable, Equatable {
    var requestID: Int
    var label: String
    /// Alerts the action changes (their rows show "…" until it is durable).
    var alertIDs: [String]
    /// Decided by the desk itself (actor `system`), not by the officer: a failure is a
    /// footer line, not a banner, and the next reminder tries again.
    var bySystem = false
}

/// A short line in the footer (results of actions); expires with the clock.
struct FooterMessage: Sendable, Equatable {
    var text: String
    var role: Role
    var until: RFC3339Timestamp
}

/// What fills the body when not the three panes.
enum DetailView: Sendable, Equatable {
    /// Detail view of an alert, scrolled by `scroll` lines.
    case alertDetail(id: String, scroll: Int)
    /// What a deadline concerns.
    case deadlineDetail(key: String, scroll: Int)
    /// A verification request.
    case requestDetail(id: String, scroll: Int)
    /// The units view (issue 11, item 6): row `selected` of `CampaignState.knownUnits`,
    /// the list drawn from row `scroll`.
    case units(selected: Int, scroll: Int)
    /// The shift-handover view (issue 13, item 8), scrolled by `scroll` lines.
    case handover(scroll: Int)
}

/// The whole dashboard: the domain projection, the rows derived from it and the UI state.
/// Change it only through `update(_:_:)`; draw it with `render(_:into:)`.
public struct AppState: Sendable {
    /// What the dashboard was started with.
    public let config: DashboardConfig
    /// The domain projection of every record applied so far.
    public internal(set) var domain: CampaignState
    /// The displayed instant (shown in the campaign zone; moved by `.tick`).
    public internal(set) var now: RFC3339Timestamp
    /// Screen size in cells (moved by `.resize`).
    public internal(set) var width: Int
    public internal(set) var height: Int
    /// The log's state as the runner last reported it (header; read-only refuses actions).
    public internal(set) var logStatus: LogStatus = .ok
    /// The background verification's percent while it runs (`Msg.verifying`), else nil.
    public internal(set) var verifyingPercent: Int?
    /// The focused pane.
    public internal(set) var focus: Pane = .alerts

    var store: AlertStore
    /// The Verification requests pane's rows: `allRequests` after its filter.
    var requests: [VerificationItem] = []
    /// Every verification request, open before closed, then by due instant.
    var allRequests: [VerificationItem] = []
    /// The filter texts of the Verification requests and Deadlines panes (issue 13, item 3).
    var requestFilter = TextField()
    var deadlineFilter = TextField()
    /// Positions in the deadline list's rows that the Deadlines pane's filter keeps; nil
    /// when it keeps all (`refilterDeadlines`).
    var deadlineShown: [Int]?
    /// The `deadlineList.rowsVersion` `deadlineShown` was built from.
    var deadlineShownVersion = -1
    /// The ETA group's row while the pane groups ETAs (`refilterDeadlines`), and whether it
    /// is open (issue 13, item 7).
    var etaGroup: ETAGroup?
    var etaExpanded = false
    /// The Deadlines pane's rows: every deadline from the domain except per-unit
    /// nominations and acknowledgements, states derived from the clock (DeadlineList.swift).
    var deadlineList: DeadlineList
    var deadlinesDirty = true
    /// Alerts and requests live events touched since the deadline list was last brought
    /// up to date: only their entries are rebuilt (`updateDeadlines(&…)`), not the list.
    var deadlineTouches: (alerts: Set<String>, requests: Set<String>)?
    /// True between `replay(_:)` and `finishReplay()`: the projection is ahead of the rows.
    var viewsStale = false

    var selected: [Pane: Int] = [:]
    var scroll: [Pane: Int] = [:]
    /// The alert the selection follows when rows move.
    var selectedAlertID: String?
    var overlay: DetailView?
    /// True while the focused pane's filter line takes the keys.
    var filterEditing = false
    /// The Alerts pane's filter text (the other panes': `requestFilter`, `deadlineFilter`).
    var filter = TextField()
    var form: FormState?
    var helpVisible = false
    var helpScroll = 0
    /// The `:` command line while it is open (`CommandPrompt.swift`; issue 13, item 7).
    var prompt: CommandPrompt?
    /// True while the focused pane fills the body (`+`; issue 13, item 7).
    var zoomed = false
    /// Banners in display order: `Notice.rank`, then oldest raised first (`addBanner`).
    var banners = BannerList()
    /// Snooze ends of the alerts snoozed at the clock (`Attention.swift`).
    var snoozeEnds = TimerQueue()
    /// Next acknowledgement reminder of each unacknowledged alert.
    var ackReminders = TimerQueue()
    /// Next "untouched" reminder of each acknowledged alert of this desk (issue 13, item 1),
    /// and the newest event time (epoch ns) it was computed from.
    var untouchedReminders = TimerQueue()
    var untouchedFrom: [String: Int64] = [:]
    /// When each kind of reminder alarm last sounded (epoch ns; decision 0019).
    var lastReminderAlarm: [Alarm: Int64] = [:]
    var pending: [PendingAction] = []
    var status: FooterMessage?
    var nextRequestID = 1
    var nextEventNumber = 1
    /// Records that arrived ahead of a gap in seq, applied once it fills.
    var held: [Int: RecordedEvent] = [:]
    /// True when records were already held at the previous tick.
    var gapSeenAtTick = false
    /// Open alerts sharing references, for the possible-duplicate hints (`Duplicates.swift`).
    var duplicates = DuplicateIndex()
    /// The header's network state and its banners (`NetworkView.swift`).
    var net = NetworkTrack()
    /// The marked alerts (issue 13, item 5): the alert keys act on all of them (`Bulk.swift`).
    var marked: Set<String> = []
    /// The confirmation of a bulk action, while it shows.
    var confirm: BulkConfirm?
    /// The offer to acknowledge an alert first, while it shows: a form that needs an
    /// acknowledged alert was asked for on one that is not (issue 13, item 6).
    var acknowledgeFirst: AcknowledgeFirst?
    /// The question before a nomination replaces a unit's focal officer, while it shows
    /// (`Nominations.swift`; issue 13, item 6).
    var replaceNominee: NomineeReplacement?
    /// The user's saved filters (`SavedFilters.swift`; issue 13, item 7), the file they are
    /// kept in (for messages) and why it cannot be used, when it cannot.
    var savedFilters = SavedFilters()
    var savedFiltersPath = "filters.json"
    var savedFiltersProblem: SavedFiltersProblem?
    /// The officer's own actions from this dashboard, the last on top (undo), and the ones
    /// undone, the last undone on top (redo); issue 13, item 6.
    var undoStack: [UndoEntry] = []
    var redoStack: [UndoEntry] = []
    /// The undo point of each event on the undo stack, captured as its record is applied
    /// (`captureUndoPoint`), and the events whose record has not been applied yet.
    var undoPoints: [String: LastAction] = [:]
    var awaitingUndoPoints: Set<String> = []

    /// A dashboard over `records` (the log as read at start, in seq order), drawn at
    /// `width`×`height`, showing `now`. Records given here raise no alarms.
    public init(config: DashboardConfig, now: RFC3339Timestamp, width: Int, height: Int, records: [RecordedEvent] = [])
    {
        self.config = config
        self.now = now
        self.width = max(0, width)
        self.height = max(0, height)
        domain = CampaignState(campaign: config.campaign)
        store = AlertStore(fold: { SearchFold.fold($0) })
        store.clock = now
        store.vocabulary = SearchVocabulary(campaign: config.campaign)
        deadlineList = DeadlineList(dueSoonSeconds: config.campaign.deadlines.dueSoonSeconds)
        _ = applyRecords(records, alarms: false)
        refreshDeadlines(alarms: false)
    }

    /// A dashboard over `projection` (the log folded by `LogBridge.loadProjection`, from a
    /// snapshot or not); the rows are built by `finishReplay()` (or the first message).
    public init(
        config: DashboardConfig, now: RFC3339Timestamp, width: Int, height: Int, resumingFrom projection: CampaignState
    ) {
        self.init(config: config, now: now, width: width, height: height)
        domain = projection
        viewsStale = true
    }

    /// Applies records read at start in chunks (the log replayed before the screen is
    /// live), in seq order and without alarms. Call `finishReplay()` after the last chunk:
    /// the deadline list is computed once then, not after every chunk (recomputing it per
    /// chunk made a 1M-event start-up quadratic; docs/performance.md). Use
    /// `.recordsAppended` once live.
    public mutating func replay(_ records: [RecordedEvent]) {
        _ = applyRecords(records, alarms: false, deferViews: true)
    }

    /// Builds the rows (alert list, verification requests, deadlines) once after the last
    /// `replay(_:)` chunk, without alarms. A message handled before it does the same.
    public mutating func finishReplay() {
        if viewsStale { rebuildViews() }
        refreshDeadlines(alarms: false)
    }

    var strings: Strings { Strings(config.language) }
    var language: Language { config.language }
    /// Sequence number of the last record applied (0 before any).
    public var lastAppliedSeq: Int { domain.lastSeq }
    /// Number of actions sent to the log and not yet durable.
    public var pendingCount: Int { pending.count }
    /// True while a form is open.
    public var isFormOpen: Bool { form != nil }
    /// The kind of the open form, if any.
    public var openFormKind: FormKind? { form?.kind }
    /// True while the help overlay is shown.
    public var isHelpVisible: Bool { helpVisible }
    /// The filter text of the Alerts pane.
    public var filterText: String { filter.text }
    /// Alerts shown in the Alerts pane (after filtering).
    public var visibleAlertCount: Int { store.visibleCount }
    /// The id of the selected alert in the Alerts pane, if any.
    public var selectedAlert: String? { currentAlertID() }
    /// The banners' texts in display order (priority, then oldest first).
    public var bannerTexts: [String] { banners.map(\.text) }
    /// The marked alerts (issue 13, item 5), sorted by id.
    public var markedAlerts: [String] { marked.sorted() }
    /// True while the confirmation of a bulk action shows.
    public var isConfirming: Bool { confirm != nil }
    /// True while the offer to acknowledge an alert before its form shows.
    public var isOfferingAcknowledgement: Bool { acknowledgeFirst != nil }
    /// The names of the saved filters, in byte order.
    public var savedFilterNames: [String] { savedFilters.names }
    /// True while the question before replacing a unit's focal officer shows.
    public var isAskingToReplaceNominee: Bool { replaceNominee != nil }
    /// True while the `:` command line is open.
    public var isCommandLineOpen: Bool { prompt != nil }
    /// True while the focused pane is zoomed to the whole body.
    public var isZoomed: Bool { zoomed }
    /// The footer's status text (results of actions), if any.
    public var statusText: String? { status?.text }
}
