import Testing

@testable import TerminalKit

@Suite struct TextFieldTests {
    @Test func combiningMarkTypedSeparatelyJoinsTheBase() {
        var f = TextField()
        f.insert("e")
        f.insert("\u{301}")
        #expect(f.text == "e\u{301}")
        #expect(f.characters.count == 1)
        #expect(f.cursor == 1)
        // In the middle of the text too.
        var g = TextField("ax")
        g.moveLeft()
        g.handle(.char("\u{302}"))
        #expect(g.text == "a\u{302}x")
        #expect(g.cursor == 1)
    }

    @Test func vietnameseDecomposedAndPrecomposedEditTheSame() {
        for word in ["Việt", "Vie\u{323}\u{302}t"] {
            var f = TextField(word)
            #expect(f.characters.count == 4)
            f.moveLeft()
            let deleted = f.backspace()
            #expect(deleted)
            #expect(f.text == "Vit")
            #expect(f.cursor == 2)
        }
        var t = TextField()
        for k: Key in [.char("V"), .char("i"), .char("e"), .char("\u{323}"), .char("\u{302}"), .char("t")] {
            t.handle(k)
        }
        #expect(t.characters.count == 4 && t.cursor == 4)
        t.handle(.left)
        t.handle(.left)
        t.handle(.delete)
        #expect(t.text == "Vit")
    }

    @Test func cjkAndEmojiAreSingleClusters() {
        var f = TextField("穿山甲👮🏽‍♀️🇻🇳")
        #expect(f.characters.count == 5)
        f.backspace()
        #expect(f.text == "穿山甲👮🏽‍♀️")
        f.moveHome()
        f.deleteForward()
        #expect(f.text == "山甲👮🏽‍♀️")
    }

    @Test func killAndYank() {
        var f = TextField("cửa khẩu Móng Cái")
        f.handle(.ctrl("w"))
        #expect(f.text == "cửa khẩu Móng ")
        #expect(f.killBuffer == "Cái")
        f.handle(.ctrl("w"))
        #expect(f.text == "cửa khẩu ")
        f.handle(.ctrl("a"))
        f.handle(.right)
        f.handle(.ctrl("k"))
        #expect(f.text == "c")
        f.handle(.ctrl("y"))
        #expect(f.text == "cửa khẩu ")
        f.handle(.ctrl("u"))
        #expect(f.text == "" && f.cursor == 0)
        let enter = f.handle(.enter)
        #expect(!enter)
        let bs = f.handle(.backspace)
        #expect(bs)  // at start: consumed, nothing changes
        #expect(f.text == "")
    }

    @Test func maxLengthRejectsOverflow() {
        var f = TextField(maxLength: 3)
        for c in "abcd" { f.insert(c) }
        #expect(f.text == "abc")
        f.insert("\u{301}")  // joins "c": still three clusters
        #expect(f.text == "abc\u{301}")
    }

    @Test func rendersWithHorizontalScrollByDisplayWidth() {
        var f = TextField("穿山甲 ivory")
        var g = Grid(width: 6, height: 1)
        var cx = f.draw(into: &g, g.bounds)
        // Cursor at the end needs a column: "ivory" plus the cursor cell.
        #expect(g.rowText(0) == "ivory ")
        #expect(cx == 5)
        f.moveHome()
        cx = f.draw(into: &g, g.bounds)
        #expect(g.rowText(0) == "穿山甲")
        #expect(cx == 0)
        f.moveRight()
        f.moveRight()
        cx = f.draw(into: &g, g.bounds)
        #expect(cx == 4)
        f.moveEnd()
        f.moveLeft()
        f.moveLeft()
        f.moveLeft()
        f.moveLeft()
        f.moveLeft()
        cx = f.draw(into: &g, Rect(x: 2, y: 0, width: 4, height: 1))
        #expect(g.rowText(0) == "穿甲 i")
        #expect(cx == 5)
    }

    @Test func controlCharactersAreDrawnAsMarkersButStored() {
        var f = TextField()
        f.insert("a\u{1B}b")
        #expect(f.text == "a\u{1B}b")
        var g = Grid(width: 5, height: 1)
        f.draw(into: &g, g.bounds)
        #expect(g.rowText(0) == "a␛b  ")
        var e = TextField()
        e.draw(into: &g, g.bounds, placeholder: "tìm…")
        #expect(g.rowText(0) == "tìm… ")
        #expect(g[0, 0].style.role == .muted)
    }
}

@Suite struct ThemeModelTests {
    @Test func everyRoleResolvesInTheDefaultTheme() {
        for role in Role.allCases {
            #expect(Theme.default.roles[role] != nil, "default theme lacks \(role.rawValue)")
        }
    }

    @Test func colourParsingAndNearestIndices() {
        #expect(ThemeColor(parsing: "bright_red") == .ansi(9))
        #expect(ThemeColor(parsing: "Grey") == .ansi(8))
        #expect(ThemeColor(parsing: "#FF8700") == .rgb(255, 135, 0))
        #expect(ThemeColor(parsing: "#ff870") == nil)
        #expect(ThemeColor(parsing: "purple") == nil)
        #expect(ThemeColor.rgb(255, 135, 0).name == "#ff8700")
        #expect(ThemeColor.rgb(255, 135, 0).index(for: .ansi256) == 208)
        #expect(ThemeColor.rgb(0x80, 0x80, 0x80).index(for: .ansi256) == 244)
        #expect(ThemeColor.rgb(255, 0, 0).index(for: .ansi16) == 9)
        #expect(ThemeColor.rgb(255, 0, 0).index(for: .ansi8) == 1)
        #expect(ThemeColor.ansi(9).index(for: .ansi8) == 1)
        #expect(ThemeColor.terminalDefault.index(for: .ansi16) == -1)
        #expect(ThemeColor.ansi(3).index(for: .none) == nil)
    }

    @Test func monochromeKeepsStatesDistinct() {
        let t = Theme.default
        let danger = t.resolve(Style(.danger), mode: .none)
        let warning = t.resolve(Style(.warning), mode: .none)
        let selection = t.resolve(Style(.selection), mode: .none)
        let text = t.resolve(Style(.text), mode: .none)
        let muted = t.resolve(Style(.muted), mode: .none)
        let all = [danger, warning, selection, text, muted]
        #expect(Set(all).count == all.count)
        #expect(danger.bold && danger.reverse && danger.foreground == nil)
        #expect(warning.bold && warning.underline)
        #expect(selection.reverse)
        #expect(muted.dim)
    }

    @Test func fallbackChainAndDetection() {
        let t = Theme(name: "tiny", roles: [.text: RoleStyle(fg: .ansi(7)), .danger: RoleStyle(fg: .ansi(1))])
        #expect(t.style(for: .critical) == RoleStyle(fg: .ansi(1)))
        #expect(t.style(for: .header) == RoleStyle(fg: .ansi(7)))
        for role in Role.allCases {
            var r: Role? = role
            var steps = 0
            while let c = r {
                r = c.fallback
                steps += 1
            }
            #expect(steps <= 3)
        }
        #expect(ColorMode.detect(colors: 256, noColor: "1") == .none)
        #expect(ColorMode.detect(colors: 256, noColor: "") == .ansi256)
        #expect(ColorMode.detect(colors: 8, noColor: nil) == .ansi8)
        #expect(ColorMode.detect(colors: -1, noColor: nil) == .none)
        // Same fg and bg never hides text.
        let same = Theme(name: "x", roles: [.text: RoleStyle(fg: .ansi(4), bg: .ansi(4))])
        #expect(same.resolve(.plain, mode: .ansi16).foreground == -1)
    }
}
