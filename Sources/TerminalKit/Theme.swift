/// How many colours the terminal can show. Chosen by the backend from the terminal's
/// capabilities (`has_colors`, `COLORS`) and the `NO_COLOR` convention
/// (https://no-color.org: present and non-empty → no colour).
public enum ColorMode: Int, Sendable, Comparable, CaseIterable {
    /// Attributes only (bold, dim, reverse, underline): `NO_COLOR` or a monochrome terminal.
    case none = 0
    case ansi8 = 8
    case ansi16 = 16
    case ansi256 = 256

    public static func < (a: ColorMode, b: ColorMode) -> Bool { a.rawValue < b.rawValue }

    /// The mode for a terminal reporting `colors` colours (`COLORS`; 0 or less when
    /// `has_colors()` is false), with `noColor` the value of the `NO_COLOR` variable.
    public static func detect(colors: Int, noColor: String?) -> ColorMode {
        if let noColor, !noColor.isEmpty { return .none }
        switch colors {
        case 256...: return .ansi256
        case 16...: return .ansi16
        case 8...: return .ansi8
        default: return .none
        }
    }
}

/// A colour as a theme names it: the terminal's default, one of the 16 ANSI colours, or
/// an RGB value that is mapped to the nearest colour the terminal has.
public enum ThemeColor: Sendable, Hashable {
    /// The terminal's own foreground or background (ncurses colour −1).
    case terminalDefault
    /// ANSI colour 0…15 (0–7 normal, 8–15 bright).
    case ansi(Int)
    /// `#rrggbb`.
    case rgb(UInt8, UInt8, UInt8)

    /// The 16 ANSI names in colour-number order; `grey`/`gray` are accepted for `bright_black`.
    public static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright_black", "bright_red", "bright_green", "bright_yellow", "bright_blue", "bright_magenta", "bright_cyan",
        "bright_white",
    ]

    /// Parses `default`, an ANSI name (`red`, `bright_red`, `grey`) or `#rrggbb`
    /// (case-insensitive); nil for anything else.
    public init?(parsing text: String) {
        let t = text.lowercased()
        if t == "default" {
            self = .terminalDefault
            return
        }
        if t == "grey" || t == "gray" {
            self = .ansi(8)
            return
        }
        if let i = ThemeColor.ansiNames.firstIndex(of: t) {
            self = .ansi(i)
            return
        }
        let u = Array(t.utf8)
        guard u.count == 7, u[0] == UInt8(ascii: "#") else { return nil }
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            default: return nil
            }
        }
        var v: [UInt8] = []
        for i in stride(from: 1, to: 7, by: 2) {
            guard let h = hex(u[i]), let l = hex(u[i + 1]) else { return nil }
            v.append(h << 4 | l)
        }
        self = .rgb(v[0], v[1], v[2])
    }

    /// The text form (`default`, `bright_red`, `#1e90ff`), which `init(parsing:)` reads back.
    public var name: String {
        switch self {
        case .terminalDefault: return "default"
        case .ansi(let i): return (0..<16).contains(i) ? ThemeColor.ansiNames[i] : "default"
        case .rgb(let r, let g, let b):
            let digits = Array("0123456789abcdef")
            return "#" + String([r, g, b].flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
        }
    }

    /// The colour number for `mode`: −1 for the terminal default, 0…255 otherwise; nil
    /// in `.none`. RGB maps to the nearest entry of the xterm 256-colour table (6×6×6
    /// cube plus 24 greys) in `.ansi256`, to the nearest of the 16 (or 8) ANSI colours
    /// in the smaller modes; bright ANSI colours fall to their normal colour in `.ansi8`.
    public func index(for mode: ColorMode) -> Int? {
        switch (self, mode) {
        case (_, .none): return nil
        case (.terminalDefault, _): return -1
        case (.ansi(let i), .ansi8): return i % 8
        case (.ansi(let i), _): return i
        case (.rgb(let r, let g, let b), .ansi256): return ThemeColor.nearest256(Int(r), Int(g), Int(b))
        case (.rgb(let r, let g, let b), .ansi16): return ThemeColor.nearestANSI(Int(r), Int(g), Int(b), count: 16)
        case (.rgb(let r, let g, let b), .ansi8): return ThemeColor.nearestANSI(Int(r), Int(g), Int(b), count: 8)
        }
    }

    /// xterm's default RGB values for the 16 ANSI colours.
    static let ansiRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
        (255, 255, 255),
    ]
    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0
        let dg = a.1 - b.1
        let db = a.2 - b.2
        return dr * dr + dg * dg + db * db
    }

    /// Nearest of the xterm colours 16…255 to (r, g, b), each 0…255.
    public static func nearest256(_ r: Int, _ g: Int, _ b: Int) -> Int {
        func level(_ v: Int) -> Int {
            var best = 0
            for i in 1..<6 where abs(cubeLevels[i] - v) < abs(cubeLevels[best] - v) { best = i }
            return best
        }
        let (ri, gi, bi) = (level(r), level(g), level(b))
        let cube = (cubeLevels[ri], cubeLevels[gi], cubeLevels[bi])
        let cubeIndex = 16 + 36 * ri + 6 * gi + bi
        let avg = (r + g + b) / 3
        let grayStep = min(23, max(0, (avg - 8 + 5) / 10))
        let gv = 8 + 10 * grayStep
        let target = (r, g, b)
        return distance((gv, gv, gv), target) < distance(cube, target) ? 232 + grayStep : cubeIndex
    }

    /// Nearest of the first `count` (8 or 16) ANSI colours to (r, g, b).
    public static func nearestANSI(_ r: Int, _ g: Int, _ b: Int, count: Int) -> Int {
        var best = 0
        var bestD = Int.max
        for i in 0..<min(count, 16) {
            let d = distance(ansiRGB[i], (r, g, b))
            if d < bestD {
                bestD = d
                best = i
            }
        }
        return best
    }
}

/// What a theme says about one role: colours and attributes.
public struct RoleStyle: Sendable, Hashable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(
        fg: ThemeColor = .terminalDefault, bg: ThemeColor = .terminalDefault,
        bold: Bool = false, dim: Bool = false, reverse: Bool = false, underline: Bool = false
    ) {
        foreground = fg
        background = bg
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }
}

/// A style ready for the terminal: colour numbers (−1 = terminal default, nil = no
/// colour at all) and attributes.
public struct ResolvedStyle: Sendable, Hashable {
    public var foreground: Int?
    public var background: Int?
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(foreground: Int?, background: Int?, bold: Bool, dim: Bool, reverse: Bool, underline: Bool) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }
}

extension Role {
    /// The role whose style is used when a theme does not define this one; nil for
    /// `text`, the root every chain ends at. (critical → danger, high → warning,
    /// normal → text, low → muted, header/title → accent, banner → warning,
    /// border_focus → accent, selection → accent, others → text.)
    public var fallback: Role? {
        switch self {
        case .text: return nil
        case .critical: return .danger
        case .high, .banner: return .warning
        case .low: return .muted
        case .header, .title, .borderFocus, .selection: return .accent
        case .muted, .accent, .border, .ok, .warning, .danger, .normal: return .text
        }
    }

    /// Attributes that carry the role's meaning when there is no colour (`ColorMode.none`),
    /// added to whatever the theme and the cell ask for. The rule (docs/themes.md):
    /// danger and critical → bold + reverse; warning and high → bold + underline;
    /// selection and banner → reverse; accent, header, title and border_focus → bold;
    /// muted and low → dim; text, border, ok and normal → plain. So an overdue request
    /// (danger), a request due soon (warning) and the selected row stay distinct on a
    /// monochrome terminal.
    public var monochromeAttributes: (bold: Bool, dim: Bool, reverse: Bool, underline: Bool) {
        switch self {
        case .danger, .critical: return (true, false, true, false)
        case .warning, .high: return (true, false, false, true)
        case .selection, .banner: return (false, false, true, false)
        case .accent, .header, .title, .borderFocus: return (true, false, false, false)
        case .muted, .low: return (false, true, false, false)
        case .text, .border, .ok, .normal: return (false, false, false, false)
        }
    }
}

/// A theme: a palette of named colours and a style per semantic role. Views name roles;
/// only the backend asks the theme for colours. Themes are read from YAML by
/// `DutyDeskConfig.ThemeLoader` (format: docs/themes.md); `Theme.default` is compiled in
/// and equals themes/default.yaml.
public struct Theme: Sendable, Equatable {
    public var name: String
    /// Palette entries by name, as written in the theme file.
    public var palette: [String: ThemeColor]
    /// Styles of the roles the theme defines; others fall back (`Role.fallback`).
    public var roles: [Role: RoleStyle]

    public init(name: String, palette: [String: ThemeColor] = [:], roles: [Role: RoleStyle]) {
        self.name = name
        self.palette = palette
        self.roles = roles
    }

    /// The style of `role`, following `Role.fallback` for roles the theme leaves out;
    /// the terminal's defaults if even `text` is missing.
    public func style(for role: Role) -> RoleStyle {
        var r: Role? = role
        while let cur = r {
            if let s = roles[cur] { return s }
            r = cur.fallback
        }
        return RoleStyle()
    }

    /// Colours and attributes for a cell style in `mode`: the role's theme style plus the
    /// cell's own bold/reverse/underline; in `.none` the role's `monochromeAttributes`
    /// plus the cell's own attributes (the theme's attributes are ignored there). A role whose foreground and background resolve to the
    /// same colour number falls back to the terminal default foreground, so no text is
    /// ever invisible.
    public func resolve(_ style: Style, mode: ColorMode) -> ResolvedStyle {
        let rs = self.style(for: style.role)
        var out = ResolvedStyle(
            foreground: rs.foreground.index(for: mode), background: rs.background.index(for: mode),
            bold: rs.bold || style.bold, dim: rs.dim, reverse: rs.reverse || style.reverse,
            underline: rs.underline || style.underline)
        if mode == .none {
            // Without colour the rule decides, not the theme (whose attributes were chosen
            // together with its colours and could make two states look alike).
            let m = style.role.monochromeAttributes
            out.bold = m.bold || style.bold
            out.dim = m.dim && !out.bold
            out.reverse = m.reverse || style.reverse
            out.underline = m.underline || style.underline
        } else if let f = out.foreground, f >= 0, f == out.background {
            out.foreground = -1
        }
        return out
    }

    /// The compiled-in default theme (dark background, the terminal's own colours for
    /// text); identical to themes/default.yaml (a test checks it).
    public static let `default` = Theme(
        name: "default",
        palette: [
            "fg": .terminalDefault, "bg": .terminalDefault, "grey": .ansi(8), "cyan": .ansi(6),
            "green": .ansi(2), "yellow": .ansi(3), "red": .ansi(1),
            "bright_red": .ansi(9), "white": .ansi(15), "orange": .rgb(0xff, 0x87, 0x00),
        ],
        roles: [
            .text: RoleStyle(),
            .muted: RoleStyle(fg: .ansi(8)),
            .accent: RoleStyle(fg: .ansi(6), bold: true),
            .selection: RoleStyle(fg: .ansi(6), bold: true),
            .border: RoleStyle(fg: .ansi(8)),
            .borderFocus: RoleStyle(fg: .ansi(6), bold: true),
            .ok: RoleStyle(fg: .ansi(2)),
            .warning: RoleStyle(fg: .ansi(3), bold: true),
            .danger: RoleStyle(fg: .ansi(9), bold: true),
            .header: RoleStyle(fg: .ansi(6), bold: true, underline: true),
            .title: RoleStyle(fg: .ansi(15), bold: true),
            .banner: RoleStyle(fg: .ansi(15), bg: .ansi(1), bold: true),
            .critical: RoleStyle(fg: .ansi(15), bg: .ansi(1), bold: true),
            .high: RoleStyle(fg: .rgb(0xff, 0x87, 0x00), bold: true),
            .normal: RoleStyle(),
            .low: RoleStyle(fg: .ansi(8)),
        ])
}
