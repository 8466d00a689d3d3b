// Possible duplicates, found rather than remembered (issue 13, item 4).
import DutyDeskDomain

/// The open alerts that share a conveyance reference (plate, container, flight), a source
/// reference (from the same kind of source) or a person's travel document, kept up to date
/// one alert at a time as records arrive: adding, closing or merging an alert costs a few
/// dictionary operations, and asking for one alert's candidates reads only its own keys
/// (nothing per frame over every alert, never a pass over all pairs).
///
/// References are compared folded (case and diacritics ignored) with everything but letters
/// and digits left out, so `TGHU 881234-5` and `tghu8812345` are one container; a key of
/// fewer than 4 such characters is too weak to say anything and is left out.
struct DuplicateIndex: Sendable {
    /// Open alerts by key, in the order they were indexed.
    private var open: [String: [String]] = [:]
    /// The keys of each indexed (open) alert.
    private var keysOf: [String: [String]] = [:]

    /// The keys of an alert's details: `c:` conveyance reference, `s:` source kind and
    /// reference, `p:` travel document.
    static func keys(_ d: AlertDetails) -> [String] {
        var out: [String] = []
        func add(_ tag: String, _ raw: String?) {
            guard let raw else { return }
            let k = String(decoding: SearchFold.fold(raw).utf8.filter(SearchFold.isWordByte), as: UTF8.self)
            if k.utf8.count >= 4, !out.contains(tag + k) { out.append(tag + k) }
        }
        add("c:", d.conveyance?.reference)
        add("s:\(d.source.kind.rawValue):\(d.source.country ?? ""):", d.sourceReference)
        for p in d.persons { add("p:", p.travelDocument) }
        return out
    }

    /// Indexes alert `id` while it is open (not closed, not merged); removes it otherwise.
    mutating func update(id: String, details: AlertDetails, isOpen: Bool) {
        if isOpen {
            guard keysOf[id] == nil else { return }
            let ks = Self.keys(details)
            guard !ks.isEmpty else { return }
            keysOf[id] = ks
            for k in ks { open[k, default: []].append(id) }
        } else if let ks = keysOf.removeValue(forKey: id) {
            for k in ks {
                open[k]?.removeAll { $0 == id }
                if open[k]?.isEmpty == true { open[k] = nil }
            }
        }
    }

    /// A key more open alerts than this share says nothing of duplicates (a generic value
    /// such as a shared container prefix or "N/A" typed in every row) and is ignored: it
    /// also bounds what a row of the list costs to draw (it asks once per frame).
    static let commonKey = 25

    /// The other open alerts sharing a key with open alert `id` (keys no more than
    /// `commonKey` alerts share), in id order; empty for a closed or merged alert.
    /// O(keys × `commonKey`).
    func candidates(of id: String) -> [String] {
        guard let ks = keysOf[id] else { return [] }
        var out: Set<String> = []
        for k in ks {
            guard let group = open[k], group.count <= Self.commonKey + 1 else { continue }
            for other in group where other != id { out.insert(other) }
        }
        return out.sorted()
    }
}

extension AppState {
    /// Brings the duplicate index up to date for alert `id` as the projection has it now.
    mutating func indexDuplicates(_ id: String) {
        guard let a = domain.alerts[id] else { return }
        duplicates.update(id: id, details: a.details, isOpen: a.lifecycle.status != .closed)
    }
}
