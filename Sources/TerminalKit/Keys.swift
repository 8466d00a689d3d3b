/// A key press as the dashboard sees it, independent of ncurses.
public enum Key: Sendable, Hashable {
    /// A printable character (one grapheme cluster; may be Vietnamese with marks).
    case char(Character)
    /// Ctrl plus a letter, lower case (`.ctrl("c")`).
    case ctrl(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    /// Function key F1…F12.
    case function(Int)
    /// The terminal was resized (the backend reports it as a key, as ncurses does).
    case resize
    /// Something the backend could not name (raw code kept for diagnostics).
    case unknown(Int32)

    /// The label used in help and key hints (`Enter`, `Esc`, `↑`, `Ctrl-C`, `a`).
    public var label: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .function(let n): return "F\(n)"
        case .resize: return "resize"
        case .unknown(let c): return "key \(c)"
        }
    }
}

/// The footer's one or two words for a binding, in English and Vietnamese.
public struct KeyHint: Sendable, Hashable {
    public var en: String
    public var vi: String
    public init(_ en: String, _ vi: String) {
        self.en = en
        self.vi = vi
    }
}

/// One entry of a keymap: the keys, the action they trigger, the help text in English
/// and Vietnamese, and (for the bindings the footer shows) the footer's short hint in both
/// languages. Keymaps are data: the same table drives dispatch, the help overlay, the
/// footer hints and docs/keys.md.
public struct KeyBinding<Action: Sendable & Hashable>: Sendable {
    public var keys: [Key]
    public var action: Action
    public var help: String
    public var helpVI: String
    /// The footer's short hint; nil for bindings the footer does not show.
    public var hint: KeyHint?

    public init(_ keys: [Key], _ action: Action, help: String, helpVI: String, hint: KeyHint? = nil) {
        self.keys = keys
        self.action = action
        self.help = help
        self.helpVI = helpVI
        self.hint = hint
    }
}

/// A named table of key bindings (one per screen or pane); first match wins.
public struct Keymap<Action: Sendable & Hashable>: Sendable {
    public var name: String
    public var nameVI: String
    public var bindings: [KeyBinding<Action>]

    public init(name: String, nameVI: String, bindings: [KeyBinding<Action>]) {
        self.name = name
        self.nameVI = nameVI
        self.bindings = bindings
    }

    /// The action bound to `key`, if any.
    public func action(for key: Key) -> Action? {
        for b in bindings where b.keys.contains(key) { return b.action }
        return nil
    }
}

extension Key {
    /// The key for one character code as a terminal in raw mode sends it: 8 and 127 →
    /// backspace, 9 → tab, 10 and 13 → enter, 27 → escape, 1…26 (other than those) →
    /// `.ctrl(letter)` (so 3 is `.ctrl("c")`), other C0 codes → `.unknown`, anything
    /// printable → `.char`. A lone combining mark is returned as `.char` too; a
    /// `TextField` joins it to the character before the cursor.
    public static func fromCharacterCode(_ code: UInt32) -> Key {
        switch code {
        case 8, 127: return .backspace
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(code) + 0x60)))
        case 0...31: return .unknown(Int32(code))
        case 0x80...0x9F: return .unknown(Int32(code))
        default:
            guard let scalar = Unicode.Scalar(code) else { return .unknown(Int32(bitPattern: code)) }
            return .char(Character(scalar))
        }
    }
}
