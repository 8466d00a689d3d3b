// The desk's network state on the dashboard (issue 11, item 3, its last sentence): the
// header's segment and the banners of a link that went down or a record the sync refused.
// The only input is the log: `CampaignState.network`, folded from the desk's `network.*`
// bookkeeping records (DutyDeskDomain/Network.swift; decision 0013).
import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

/// What the dashboard keeps beside `CampaignState.network`: the lag (this desk's own
/// records not yet on the server) and which network banners it raised already.
struct NetworkTrack: Sendable, Equatable {
    /// Runs of consecutive seqs of this log's own records (no `origin`) that are not
    /// network bookkeeping (`network.*`, which never leave the desk), in seq order; runs at
    /// or below the server's `pushedThrough` are dropped by `unsent(after:)`.
    private var runs: [Run] = []
    private var first = 0
    /// The lag as of the last `refreshNetwork()`.
    private(set) var unsent = 0
    /// The offline spell a banner was raised for (its `offlineSince`), nil when none.
    var offlineBannered: RFC3339Timestamp?
    /// How many of `NetworkStatus.quarantined` have had their banner.
    var quarantineBannered = 0

    private struct Run: Sendable, Equatable {
        var lo: Int
        var hi: Int
    }

    /// Notes the own records among `records` (applied in seq order). O(records).
    mutating func count(_ records: [RecordedEvent]) {
        for r in records where r.origin == nil && !r.type.hasPrefix("network.") {
            if let last = runs.last, runs.count > first, last.hi == r.seq - 1 {
                runs[runs.count - 1].hi = r.seq
            } else {
                runs.append(Run(lo: r.seq, hi: r.seq))
            }
        }
    }

    /// Sets `unsent` to the number of own records above `pushedThrough` (the highest seq
    /// of this log on the server). Amortised O(1) per run dropped.
    mutating func settle(pushedThrough: Int) {
        while first < runs.count, runs[first].hi <= pushedThrough { first += 1 }
        if first < runs.count, runs[first].lo <= pushedThrough { runs[first].lo = pushedThrough + 1 }
        if first > 1024, first * 2 > runs.count {
            runs.removeFirst(first)
            first = 0
        }
        unsent = runs[first...].reduce(0) { $0 + $1.hi - $1.lo + 1 }
    }
}

extension AppState {
    /// Brings the lag and the network banners up to date with `domain.network`: a banner
    /// when the link goes down (once per offline spell, with the reason; it goes when the
    /// link comes back) and one per refused record naming its desk and seq. Texts from the
    /// server or the system pass through the sanitiser.
    mutating func refreshNetwork() {
        let n = domain.network
        net.settle(pushedThrough: n.pushedThrough)
        if n.linkUp == false, let since = n.offlineSince {
            if net.offlineBannered != since {
                net.offlineBannered = since
                addBanner(
                    Notice(
                        key: "network:offline",
                        text: strings.offlineBanner(
                            since: hourMinute(since, config.campaign.zone),
                            reason: n.downReason.map { Sanitizer.sanitize($0) }), role: .warning))
            }
        } else if net.offlineBannered != nil {
            net.offlineBannered = nil
            banners.remove(key: "network:offline")
            clampAll()
        }
        while net.quarantineBannered < n.quarantined.count {
            let q = n.quarantined[net.quarantineBannered]
            net.quarantineBannered += 1
            let desk = Sanitizer.sanitize(q.desk)
            addBanner(
                Notice(
                    key: "network:refused:\(desk):\(q.seq)",
                    text: strings.quarantineBanner(desk: desk, seq: q.seq, reason: Sanitizer.sanitize(q.reason)),
                    role: .danger))
        }
    }

    /// The lag the header shows: this desk's own records not yet on the server.
    var unsentRecords: Int { net.unsent }
}

/// `HH:mm` of `t` in `zone` (the campaign's, ICT).
func hourMinute(_ t: RFC3339Timestamp, _ zone: CampaignZone) -> String {
    let c = zone.civil(t)
    return (c.hour < 10 ? "0" : "") + "\(c.hour):" + (c.minute < 10 ? "0" : "") + "\(c.minute)"
}

extension Renderer {
    /// The header's network segment, longest first, each starting with " · "; empty for a
    /// desk that never synced. Times are HH:mm in the campaign's zone.
    var networkSegments: [String] {
        let n = s.domain.network
        guard n.isNetworked else { return [] }
        let offline = n.linkUp == false
        let since = n.offlineSince.map { hourMinute($0, zone) }
        let push = n.lastPush.map { hourMinute($0, zone) } ?? "–"
        let pull = n.lastPull.map { hourMinute($0, zone) } ?? "–"
        let unsent = s.unsentRecords
        let refused = n.quarantined.count
        func state(long: Bool, since: String?) -> String {
            offline ? str.netOffline(since: since, long: long) : str.netConnected(long: long)
        }
        func tail(long: Bool, lag: Bool) -> String {
            (lag && unsent > 0 ? " · " + str.netUnsent(unsent, long: long) : "")
                + (refused > 0 ? " · " + str.netRefused(refused) : "")
        }
        return [
            " · " + state(long: true, since: since) + " · " + str.netPushPull(push: push, pull: pull, long: true)
                + tail(long: true, lag: true),
            " · " + state(long: false, since: since) + " " + str.netPushPull(push: push, pull: pull, long: false)
                + tail(long: false, lag: true),
            " · " + state(long: false, since: since) + tail(long: false, lag: true),
            " · " + state(long: false, since: since) + tail(long: false, lag: false),
            " · " + state(long: false, since: nil),
        ]
    }

    /// The style of the network segment: danger with refused records, warning offline.
    var networkStyle: Style {
        let n = s.domain.network
        if !n.quarantined.isEmpty { return Style(.danger, bold: true, reverse: true) }
        if n.linkUp == false { return Style(.warning, bold: true, reverse: true) }
        return Style(.header, reverse: true)
    }
}
