// The banners under the header as a collection that stays cheap at Division 1's size
// (issue 15, item 5): tens of thousands of late alerts each keep a banner, and about a
// hundred of their reminders fall due every second.

/// The banners, in the order they are shown: by `Notice.rank` (critical alerts 0 … low
/// 3), within a rank the oldest raised first. Keys are unique.
///
/// Kept as one array per rank with indexes by key and by alert, so that raising a banner
/// again (a reminder's repeat) costs O(1) when nothing changes and O(its rank's banners)
/// when its text does, a new banner O(1), and finding an alert's banners O(1): one array
/// cost a pass over every banner, with a copy of each, for every reminder (the idle
/// dashboard's CPU grew with the time it ran, docs/performance.md).
struct BannerList: Sendable, Equatable, RandomAccessCollection {
    /// One array per rank, 0…3.
    private var ranks: [[Notice]] = [[], [], [], []]
    private var byKey: [String: Notice] = [:]
    /// The keys of each alert's banners (`Notice.alertID`).
    private var byAlert: [String: Set<String>] = [:]

    init() {}

    static func == (a: BannerList, b: BannerList) -> Bool { a.ranks == b.ranks }

    var startIndex: Int { 0 }
    var endIndex: Int { ranks[0].count + ranks[1].count + ranks[2].count + ranks[3].count }

    /// The `i`th banner in the shown order (0 ≤ i < count). O(1): four ranks.
    subscript(i: Int) -> Notice {
        var i = i
        for r in ranks.indices {
            if i < ranks[r].count { return ranks[r][i] }
            i -= ranks[r].count
        }
        preconditionFailure("banner index out of range")
    }

    /// The banner with `key`, if any.
    func notice(key: String) -> Notice? { byKey[key] }

    /// The keys of the banners about alert `id` (none: empty).
    func keys(about id: String) -> Set<String> { byAlert[id] ?? [] }

    /// How many critical alerts' banners come after the first `shown` (rank 0 is exactly
    /// the critical alerts': other banners rank 1 or 2).
    func criticalAfter(_ shown: Int) -> Int { Swift.max(0, ranks[0].count - shown) }

    /// Raises `b`: a banner with its key and rank is replaced where it stands; one with its
    /// key at another rank moves to the end of `b`'s rank, as does a new one. Returns
    /// whether the order or the count changed (the layout may then change).
    @discardableResult
    mutating func raise(_ b: Notice) -> Bool {
        let r = Self.slot(b.rank)
        if let old = byKey[b.key] {
            if old == b { return false }
            let o = Self.slot(old.rank)
            byKey[b.key] = b
            if old.alertID != b.alertID {
                unindex(old)
                index(b)
            }
            let i = ranks[o].firstIndex { $0.key == b.key }
            if o == r, let i {
                ranks[r][i] = b
                return false
            }
            if let i { ranks[o].remove(at: i) }
            ranks[r].append(b)
            return true
        }
        byKey[b.key] = b
        index(b)
        ranks[r].append(b)
        return true
    }

    /// Removes the banner with `key`, if any, and returns it.
    @discardableResult
    mutating func remove(key: String) -> Notice? {
        guard let old = byKey.removeValue(forKey: key) else { return nil }
        let o = Self.slot(old.rank)
        if let i = ranks[o].firstIndex(where: { $0.key == key }) { ranks[o].remove(at: i) }
        unindex(old)
        return old
    }

    /// Removes every banner for which `shouldRemove` is true. O(banners).
    mutating func removeAll(where shouldRemove: (Notice) throws -> Bool) rethrows {
        var gone: [Notice] = []
        for r in ranks.indices {
            try ranks[r].removeAll { b in
                guard try shouldRemove(b) else { return false }
                gone.append(b)
                return true
            }
        }
        for b in gone {
            byKey[b.key] = nil
            unindex(b)
        }
    }

    /// Removes the first banner shown (`x`).
    mutating func removeFirst() {
        guard let b = first else { return }
        remove(key: b.key)
    }

    /// Removes every banner (`X`).
    mutating func removeAll() { self = BannerList() }

    private static func slot(_ rank: Int) -> Int { Swift.min(Swift.max(rank, 0), 3) }

    private mutating func index(_ b: Notice) {
        if let id = b.alertID { byAlert[id, default: []].insert(b.key) }
    }

    private mutating func unindex(_ b: Notice) {
        guard let id = b.alertID else { return }
        byAlert[id]?.remove(b.key)
        if byAlert[id]?.isEmpty == true { byAlert[id] = nil }
    }
}
