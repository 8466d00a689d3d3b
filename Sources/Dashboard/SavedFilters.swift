// Saved filters (issue 13, item 7): `:save NAME` keeps the focused pane's filter under a
// name, `:view NAME` shows that pane with it. Kept in the user's `filters.json`; this module
// only turns the file's bytes into values and back and decides what a key does: the runner
// reads the file at start and writes it (`Effect.saveFilter`), as it does every other effect.
import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

/// A saved filter: the pane it filters and its query (the query language of `/`).
public struct SavedFilter: Sendable, Hashable {
    /// The pane `:view NAME` shows.
    public var pane: Pane
    /// The filter text, as typed.
    public var query: String
    /// A filter of `pane` by `query`.
    public init(pane: Pane, query: String) {
        self.pane = pane
        self.query = query
    }
}

/// Why the saved filters file cannot be used, or a save did not happen.
public enum SavedFiltersProblem: Error, Sendable, Hashable {
    /// Not JSON (or not UTF-8): the parser's reason.
    case notJSON(String)
    /// JSON, but not the file's shape: what is wrong (`filters.alerts-hq: no "query"`).
    case wrongShape(String)
    /// Larger than `SavedFilters.maxFileBytes`.
    case tooLarge
    /// The file could not be read: the system's reason.
    case unreadable(String)
    /// The file could not be written: the system's reason (the file on disk is unchanged).
    case unwritable(String)

    /// True when the file holds something other than saved filters: it is left as it is
    /// and saving is refused until the officer mends or moves it.
    public var isDamage: Bool {
        switch self {
        case .notJSON, .wrongShape, .tooLarge: true
        case .unreadable, .unwritable: false
        }
    }
}

/// The user's saved filters, by name: the contents of `filters.json`
/// (`{"version":1,"filters":{"NAME":{"pane":"alerts","query":"unit:HQLS"}}}`).
public struct SavedFilters: Sendable, Equatable {
    /// The filters by name.
    public private(set) var byName: [String: SavedFilter] = [:]

    /// No saved filter (as a missing file reads).
    public init() {}

    /// A file larger than this is refused unread (a saved filter is a line of text).
    public static let maxFileBytes = 1 << 20

    /// The names in byte order (completion and the file list them so).
    public var names: [String] { byName.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

    /// These filters with `filter` saved as `name` (replacing one of that name).
    public func setting(_ name: String, _ filter: SavedFilter) -> SavedFilters {
        var s = self
        s.byName[name] = filter
        return s
    }

    /// The pane names of the file, the same words as `:view`.
    static func paneName(_ p: Pane) -> String {
        switch p {
        case .alerts: "alerts"
        case .verification: "verification"
        case .deadlines: "deadlines"
        }
    }

    /// The file's bytes read back.
    /// - Returns: the filters, or why the bytes are not a saved filters file.
    public static func decode(_ bytes: [UInt8]) -> Result<SavedFilters, SavedFiltersProblem> {
        guard bytes.count <= maxFileBytes else { return .failure(.tooLarge) }
        let json: JSON
        do { json = try JSON.parse(bytes) } catch {
            return .failure(.notJSON((error as? JSONParseError)?.description ?? "\(error)"))
        }
        guard json.objectValue != nil else { return .failure(.wrongShape("not a JSON object")) }
        guard json["version"]?.intValue == 1 else { return .failure(.wrongShape("\"version\" is not 1")) }
        guard let entries = json["filters"]?.objectValue else {
            return .failure(.wrongShape("no \"filters\" object"))
        }
        var out = SavedFilters()
        for (name, v) in entries {
            let shown = Sanitizer.sanitize(String(name.prefix(40)))
            guard let paneText = v["pane"]?.stringValue, let query = v["query"]?.stringValue else {
                return .failure(.wrongShape("filters.\(shown): needs \"pane\" and \"query\" strings"))
            }
            guard let pane = Pane.allCases.first(where: { paneName($0) == paneText }) else {
                return .failure(.wrongShape("filters.\(shown): unknown pane"))
            }
            out.byName[name] = SavedFilter(pane: pane, query: query)
        }
        return .success(out)
    }

    /// The file's bytes: one filter a line, by name, and a final line feed.
    public func encoded() -> [UInt8] {
        var out = Array("{\"version\":1,\"filters\":{".utf8)
        for (i, name) in names.enumerated() {
            guard let f = byName[name] else { continue }
            out += Array((i == 0 ? "\n" : ",\n").utf8)
            JSON.writeString(name, to: &out)
            out += Array(":".utf8)
            JSON.object([("pane", .string(Self.paneName(f.pane))), ("query", .string(f.query))]).write(to: &out)
        }
        out += Array((names.isEmpty ? "}}\n" : "\n}}\n").utf8)
        return out
    }

    /// Why `name` cannot be saved, or nil: a name is 1–32 letters, digits, `-`, `_` or `.`,
    /// and never a view `:view` shows already (`alerts`, `units`… in any case).
    static func nameProblem(_ name: String) -> SavedFilterNameProblem? {
        if name.isEmpty { return .empty }
        if PromptView.all.contains(where: { $0.name == name.lowercased() }) { return .builtIn }
        if name.count > 32 { return .tooLong }
        if !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) {
            return .badCharacter
        }
        return nil
    }
}

/// Why `:save` refuses a name.
enum SavedFilterNameProblem: Sendable, Hashable {
    case empty, builtIn, tooLong, badCharacter
}

extension AppState {
    /// `:save NAME`: asks the runner to save the focused pane's filter as `name`. Refused in
    /// the footer: a name that is not one (or names a built-in view), a pane without a
    /// filter, a damaged file (never overwritten).
    mutating func saveFilter(_ name: String) -> [Effect] {
        let s = strings
        if let p = SavedFilters.nameProblem(name) {
            setStatus(s.savedFilterNameRefused(name, p), role: .danger)
            return []
        }
        let query = paneFilter(focus).text.trimmingSpaces
        guard !query.isEmpty else {
            setStatus(s.noFilterToSave(s.promptViewTitle(Self.focusAction(focus))), role: .danger)
            return []
        }
        if let p = savedFiltersProblem, p.isDamage {
            setStatus(s.savedFiltersNotOverwritten(savedFiltersPath, p), role: .danger)
            return []
        }
        return [.saveFilter(name: name, SavedFilter(pane: focus, query: query))]
    }

    /// `:view NAME` of a saved filter: its pane, filtered by its query.
    mutating func showSavedFilter(_ name: String, _ f: SavedFilter) -> [Effect] {
        let fx = perform(Self.focusAction(f.pane))
        setPaneFilter(f.pane, TextField(f.query))
        setStatus(strings.savedFilterShown(name, f.query), role: .ok)
        return fx
    }

    /// The keymap action that focuses pane `p`.
    static func focusAction(_ p: Pane) -> Action {
        switch p {
        case .alerts: .focusAlerts
        case .verification: .focusVerification
        case .deadlines: .focusDeadlines
        }
    }

    /// The saved filters file as the runner read it (`Msg.savedFiltersRead`): a damaged one
    /// leaves a banner naming it, and is not written until it is mended.
    mutating func takeSavedFilters(path: String, _ read: Result<SavedFilters, SavedFiltersProblem>) {
        savedFiltersPath = path
        switch read {
        case .success(let f):
            savedFilters = f
            savedFiltersProblem = nil
            banners.remove(key: Self.savedFiltersBannerKey)
        case .failure(let p):
            savedFiltersProblem = p
            addBanner(
                Notice(
                    key: Self.savedFiltersBannerKey, text: strings.savedFiltersBanner(path, p), role: .warning))
        }
        clampAll()
    }

    /// A save's result (`Msg.filterSaved`): the file as now written, or why nothing was.
    mutating func takeFilterSaved(_ name: String, _ result: Result<SavedFilters, SavedFiltersProblem>) {
        switch result {
        case .success(let f):
            let replaced = savedFilters.byName[name] != nil
            savedFilters = f
            setStatus(strings.savedFilterSaved(name, replaced: replaced), role: .ok)
        case .failure(let p):
            if p.isDamage { takeSavedFilters(path: savedFiltersPath, .failure(p)) }
            setStatus(strings.savedFilterFailed(name, savedFiltersPath, p), role: .danger)
        }
    }

    static let savedFiltersBannerKey = "saved-filters"
}

extension Strings {
    /// `:save`'s help line.
    var promptSaveHelp: String {
        t(
            "save the focused pane's filter as NAME (:view NAME shows it again)",
            "lưu bộ lọc của khung đang chọn với tên TÊN (:view TÊN để dùng lại)")
    }
    func savedFilterNameRefused(_ name: String, _ p: SavedFilterNameProblem) -> String {
        switch p {
        case .empty: return t("Save as what? :save NAME", "Lưu với tên gì? :save TÊN")
        case .builtIn:
            return t(
                "\(name) is a view already (:view \(name)); choose another name",
                "\(name) đã là tên một màn hình (:view \(name)); hãy chọn tên khác")
        case .tooLong:
            return t(
                "A saved filter's name is at most 32 characters", "Tên bộ lọc đã lưu dài tối đa 32 ký tự")
        case .badCharacter:
            return t(
                "A saved filter's name is one word of letters, digits, - _ or .",
                "Tên bộ lọc đã lưu là một từ gồm chữ, số, - _ hoặc .")
        }
    }
    func noFilterToSave(_ pane: String) -> String {
        t(
            "The \(pane) pane has no filter to save (/ or :filter sets one)",
            "Khung \(pane) chưa có bộ lọc để lưu (dùng / hoặc :filter để đặt)")
    }
    func savedFilterSaved(_ name: String, replaced: Bool) -> String {
        replaced
            ? t(
                "Saved filter \(name) replaced; :view \(name) shows it", "Đã thay bộ lọc \(name); :view \(name) để dùng"
            )
            : t("Filter saved as \(name); :view \(name) shows it", "Đã lưu bộ lọc \(name); :view \(name) để dùng")
    }
    func savedFilterShown(_ name: String, _ query: String) -> String {
        t("Saved filter \(name): \(query)", "Bộ lọc đã lưu \(name): \(query)")
    }
    /// Why the file is not usable, in words, after the file's name ("is not JSON (…)").
    func savedFiltersProblem(_ p: SavedFiltersProblem) -> String {
        switch p {
        case .notJSON(let why): return t("is not JSON (\(why))", "không phải JSON (\(why))")
        case .wrongShape(let why):
            return t("is not a saved filters file (\(why))", "không phải tệp bộ lọc đã lưu (\(why))")
        case .tooLarge: return t("is larger than 1 MiB", "lớn hơn 1 MiB")
        case .unreadable(let why): return t("cannot be read (\(why))", "không đọc được (\(why))")
        case .unwritable(let why): return t("cannot be written (\(why))", "không ghi được (\(why))")
        }
    }
    /// The banner of a damaged or unreadable file at start.
    func savedFiltersBanner(_ path: String, _ p: SavedFiltersProblem) -> String {
        t(
            "Saved filters \(path) \(savedFiltersProblem(p)): left as it is; :save is refused until it is mended or moved",
            "Tệp bộ lọc đã lưu \(path) \(savedFiltersProblem(p)): giữ nguyên; không lưu được bộ lọc cho tới khi sửa hoặc chuyển tệp đi"
        )
    }
    func savedFiltersNotOverwritten(_ path: String, _ p: SavedFiltersProblem) -> String {
        t(
            "Not saved: \(path) \(savedFiltersProblem(p)), and it is never overwritten; mend or move it first",
            "Chưa lưu: \(path) \(savedFiltersProblem(p)), tệp không bao giờ bị ghi đè; hãy sửa hoặc chuyển tệp đi trước"
        )
    }
    func savedFilterFailed(_ name: String, _ path: String, _ p: SavedFiltersProblem) -> String {
        t(
            "Filter \(name) not saved: \(path) \(savedFiltersProblem(p))",
            "Chưa lưu bộ lọc \(name): \(path) \(savedFiltersProblem(p))")
    }
    /// A saved filter in `:view`'s completions: "saved filter · Alerts: unit:HQLS".
    func savedFilterLabel(_ pane: String, _ query: String) -> String {
        t("saved filter · \(pane): \(query)", "bộ lọc đã lưu · \(pane): \(query)")
    }
}
