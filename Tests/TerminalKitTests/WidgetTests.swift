import Testing

@testable import TerminalKit

@Suite struct GridDiffTests {
    @Test func identicalGridsHaveNoRuns() {
        var g = Grid(width: 10, height: 3)
        g.put("hello", x: 0, y: 1)
        let d = GridDiff(from: g, to: g)
        #expect(d.runs.isEmpty)
        #expect(!d.isFullRedraw)
        #expect(d.changedCells == 0)
    }

    @Test func changedRunsAreMaximalPerRow() {
        var a = Grid(width: 10, height: 3)
        a.put("abcdefghij", x: 0, y: 0)
        var b = a
        b.put("XY", x: 2, y: 0)
        b.put("Z", x: 9, y: 2)
        let d = GridDiff(from: a, to: b)
        #expect(d.runs.count == 2)
        #expect(d.runs[0].x == 2 && d.runs[0].y == 0 && d.runs[0].cells.map(\.text) == ["X", "Y"])
        #expect(d.runs[1].x == 9 && d.runs[1].y == 2 && d.runs[1].cells.map(\.text) == ["Z"])
        #expect(d.changedCells == 3)
    }

    @Test func styleOnlyChangeIsARun() {
        var a = Grid(width: 4, height: 1)
        a.put("abcd", x: 0, y: 0)
        var b = a
        b.restyle(Rect(x: 1, y: 0, width: 2, height: 1)) { $0.reverse = true }
        #expect(GridDiff(from: a, to: b).runs == [GridDiff.Run(x: 1, y: 0, cells: Array(b.cells[1...2]))])
    }

    @Test func wideCharactersStayWhole() {
        var a = Grid(width: 6, height: 1)
        a.put("ab穿cd", x: 0, y: 0)
        var b = Grid(width: 6, height: 1)
        b.put("ab山cd", x: 0, y: 0)
        let d = GridDiff(from: a, to: b)
        #expect(d.runs.count == 1)
        #expect(d.runs[0].x == 2)
        #expect(d.runs[0].cells.count == 2)
        #expect(d.runs[0].cells[0].text == "山" && d.runs[0].cells[1].isContinuation)
        // Replacing a wide char by two narrow ones changes both columns.
        var c = Grid(width: 6, height: 1)
        c.put("abxycd", x: 0, y: 0)
        let d2 = GridDiff(from: a, to: c)
        #expect(d2.runs.count == 1 && d2.runs[0].x == 2 && d2.runs[0].cells.map(\.text) == ["x", "y"])
    }

    @Test func sizeChangeIsAFullRedraw() {
        let a = Grid(width: 4, height: 2)
        let b = Grid(width: 5, height: 2)
        let d = GridDiff(from: a, to: b)
        #expect(d.isFullRedraw)
        #expect(d.runs.count == 2)
        #expect(d.changedCells == 10)
        #expect(GridDiff(from: nil, to: a).isFullRedraw)
    }

    @Test func fakeTerminalCountsOnlyChangedCells() {
        let t = FakeTerminal(width: 20, height: 5)
        var g = Grid(width: 20, height: 5)
        g.put("alert 1", x: 0, y: 0)
        #expect(t.present(g) == 100)
        g.put("2", x: 6, y: 0)
        #expect(t.present(g) == 1)
        #expect(t.present(g) == 0)
        t.resize(width: 10, height: 5)
        #expect(t.readKey(timeoutMilliseconds: 0) == .resize)
        #expect(t.readKey(timeoutMilliseconds: 0) == nil)
        #expect(t.emptyReads == 1)
    }
}

@Suite struct PutTests {
    @Test func asciiFastPathMatchesGeneralPath() {
        var a = Grid(width: 8, height: 1)
        a.put("穿山", x: 0, y: 0)
        a.put("xyz", x: 1, y: 0)  // ASCII over half of a wide char
        #expect(a.snapshot() == " xyz    |\n")
        var b = Grid(width: 5, height: 1)
        #expect(b.put("abcdefg", x: 2, y: 0) == 3)
        #expect(b.put("ab", x: -1, y: 0) == 2)  // columns consumed, including off-grid ones
        #expect(b.snapshot() == "b abc|\n")
    }
}

@Suite struct BoxTests {
    @Test func borderWithTitleAndInnerRect() {
        var g = Grid(width: 12, height: 4)
        let inner = Box(title: "Tin báo").draw(into: &g, g.bounds)
        #expect(inner == Rect(x: 1, y: 1, width: 10, height: 2))
        #expect(
            g.snapshot() == """
                ┌ Tin báo ─┐|
                │          │|
                │          │|
                └──────────┘|

                """)
        #expect(g[0, 0].style.role == .border)
        #expect(g[2, 0].style.role == .title)
    }

    @Test func focusAndAsciiFallback() {
        var g = Grid(width: 6, height: 3)
        Box(title: nil, focused: true, ascii: true).draw(into: &g, g.bounds)
        #expect(g.snapshot() == "#====#|\n#    #|\n#====#|\n")
        #expect(g[0, 0].style == Style(.borderFocus, bold: true))
        var h = Grid(width: 6, height: 3)
        Box(focused: true).draw(into: &h, h.bounds)
        #expect(h.rowText(0) == "┏━━━━┓")
    }

    @Test func longTitleIsTruncatedAndTinyRectDrawsNothing() {
        var g = Grid(width: 8, height: 3)
        Box(title: "Yêu cầu xác minh").draw(into: &g, g.bounds)
        #expect(g.rowText(0) == "┌ Yêu… ┐")
        var t = Grid(width: 3, height: 3)
        #expect(Box().draw(into: &t, Rect(x: 0, y: 0, width: 1, height: 3)).isEmpty)
        #expect(t.snapshot() == "   |\n   |\n   |\n")
    }
}

@Suite struct TableViewTests {
    let table = TableView(columns: [
        TableColumn("ID", width: .fixed(3), alignment: .right),
        TableColumn("Gate", width: .flexible(min: 4, weight: 1)),
        TableColumn("kg", width: .fixed(4), alignment: .right),
    ])

    @Test func columnWidthsShareTheRest() {
        #expect(table.columnWidths(total: 20) == [3, 11, 4])
        let t2 = TableView(
            columns: [
                TableColumn("a", width: .flexible(min: 2, weight: 1)),
                TableColumn("b", width: .flexible(min: 2, weight: 3)),
            ], spacing: 0)
        #expect(t2.columnWidths(total: 12) == [4, 8])
        #expect(t2.columnWidths(total: 2) == [2, 2])
    }

    @Test func drawsOnlyVisibleRowsAndKeepsSelectionVisible() {
        var g = Grid(width: 20, height: 4)
        var asked: [Int] = []
        let offset = table.draw(into: &g, g.bounds, rowCount: 100_000, selected: 50_000, offset: 0) { i in
            asked.append(i)
            return TableRow(["\(i % 1000)", "Móng Cái 穿", "12.5"])
        }
        #expect(offset == 49_998)
        #expect(asked == [49_998, 49_999, 50_000])
        #expect(
            g.snapshot() == """
                 ID Gate          kg|
                998 Móng Cái 穿 12.5|
                999 Móng Cái 穿 12.5|
                  0 Móng Cái 穿 12.5|

                """)
        #expect(g[0, 3].style.role == .selection && g[0, 3].style.reverse)
        #expect(g[19, 3].style.reverse)
        #expect(!g[0, 2].style.reverse)
        #expect(g[0, 0].style.role == .header)
    }

    @Test func truncatesWithEllipsisAndNeverCutsWideChars() {
        var g = Grid(width: 13, height: 2)
        table.draw(into: &g, g.bounds, rowCount: 1, selected: nil, offset: 0) { _ in
            TableRow(["7", "穿山甲穿山甲", "1234567"])
        }
        #expect(g.rowText(1) == "  7 穿…  123…")
    }

    @Test func scrollOffsetMovesMinimally() {
        #expect(TableView.scrollOffset(selected: 5, offset: 0, visibleRows: 10, rowCount: 100) == 0)
        #expect(TableView.scrollOffset(selected: 15, offset: 0, visibleRows: 10, rowCount: 100) == 6)
        #expect(TableView.scrollOffset(selected: 3, offset: 6, visibleRows: 10, rowCount: 100) == 3)
        #expect(TableView.scrollOffset(selected: nil, offset: 95, visibleRows: 10, rowCount: 100) == 90)
        #expect(TableView.scrollOffset(selected: 0, offset: 0, visibleRows: 0, rowCount: 100) == 0)
    }
}

@Suite struct SmallWidgetTests {
    @Test func tabBarHighlightsSelectedAndShrinksTitles() {
        var g = Grid(width: 30, height: 1)
        TabBar(titles: ["Alerts", "Requests", "Gates"], selected: 1).draw(into: &g, g.bounds)
        #expect(g.rowText(0) == " Alerts │ Requests │ Gates    ")
        #expect(g[10, 0].style == Style(.accent, bold: true, reverse: true))
        var s = Grid(width: 16, height: 1)
        TabBar(titles: ["Alerts", "Requests", "Gates"], selected: 0).draw(into: &s, s.bounds)
        #expect(s.rowText(0) == " A… │ R… │ G…   ")
    }

    @Test func bannerFillsTheRow() {
        var g = Grid(width: 12, height: 2)
        Banner("read-only \u{1B}[2J", role: .danger).draw(into: &g, g.bounds)
        #expect(g.rowText(0) == " read-only… ")
        #expect(g[11, 0].style == Style(.danger, bold: true))
        #expect(g.rowText(1) == String(repeating: " ", count: 12))
    }

    @Test func overlayIsCentred() {
        var g = Grid(width: 20, height: 7)
        let f = Overlay(title: "Help", lines: [StyledLine("q  quit"), StyledLine("?  trợ giúp")]).draw(
            into: &g, in: g.bounds)
        #expect(f == Rect(x: 2, y: 1, width: 15, height: 4))
        #expect(
            g.snapshot() == """
                                    |
                  ┏ Help ━━━━━━━┓   |
                  ┃ q  quit     ┃   |
                  ┃ ?  trợ giúp ┃   |
                  ┗━━━━━━━━━━━━━┛   |
                                    |
                                    |

                """)
    }

    @Test func statusLineFitsHintsToWidth() {
        enum A: Hashable, Sendable { case quit, help, search }
        let km = Keymap<A>(
            name: "alerts", nameVI: "tin báo",
            bindings: [
                KeyBinding([.char("q")], .quit, help: "quit", helpVI: "thoát", hint: KeyHint("quit", "thoát")),
                KeyBinding([.char("?")], .help, help: "help", helpVI: "trợ giúp", hint: KeyHint("help", "trợ giúp")),
                KeyBinding([.char("x")], .search, help: "hidden", helpVI: "ẩn"),
                KeyBinding([.char("/")], .search, help: "search", helpVI: "tìm", hint: KeyHint("search", "tìm")),
            ])
        var g = Grid(width: 31, height: 1)
        #expect(StatusLine(keymap: km, vietnamese: true, status: "12:00 ICT").draw(into: &g, g.bounds) == 2)
        #expect(g.rowText(0) == " q thoát  ? trợ giúp  12:00 ICT")
        #expect(g[1, 0].style == Style(.accent, bold: true))
        var w = Grid(width: 40, height: 1)
        #expect(StatusLine(keymap: km).draw(into: &w, w.bounds) == 3)
        #expect(w.rowText(0) == " q quit  ? help  / search               ")
    }
}

@Suite struct KeyDecodingTests {
    @Test func controlCodes() {
        #expect(Key.fromCharacterCode(3) == .ctrl("c"))
        #expect(Key.fromCharacterCode(21) == .ctrl("u"))
        #expect(Key.fromCharacterCode(127) == .backspace)
        #expect(Key.fromCharacterCode(8) == .backspace)
        #expect(Key.fromCharacterCode(13) == .enter)
        #expect(Key.fromCharacterCode(10) == .enter)
        #expect(Key.fromCharacterCode(27) == .escape)
        #expect(Key.fromCharacterCode(9) == .tab)
        #expect(Key.fromCharacterCode(0) == .unknown(0))
        #expect(Key.fromCharacterCode(0x1EC7) == .char("ệ"))
        #expect(Key.fromCharacterCode(0x7A7F) == .char("穿"))
        #expect(Key.fromCharacterCode(0xD800) == .unknown(0xD800))
        #expect(Key.ctrl("c").label == "Ctrl-C")
    }
}

@Suite struct RectTests {
    @Test func splitsCentreAndIntersection() {
        let r = Rect(x: 2, y: 1, width: 10, height: 6)
        let (rest, right) = r.splitRight(3)
        #expect(rest == Rect(x: 2, y: 1, width: 7, height: 6) && right == Rect(x: 9, y: 1, width: 3, height: 6))
        #expect(r.splitRight(99).1 == r)
        #expect(r.centered(width: 4, height: 2) == Rect(x: 5, y: 3, width: 4, height: 2))
        #expect(r.centered(width: 40, height: 20) == r)
        #expect(r.intersection(Rect(x: 0, y: 0, width: 5, height: 3)) == Rect(x: 2, y: 1, width: 3, height: 2))
        #expect(r.intersection(Rect(x: 50, y: 0, width: 5, height: 3)).isEmpty)
        #expect(r.contains(x: 2, y: 1) && !r.contains(x: 12, y: 1))
    }
}
