import Testing

@testable import TerminalKit

@Suite struct WidthTests {
    @Test func vietnameseIsOneColumnInAnyNormalisationForm() {
        let precomposed = "Hồ Chí Minh"
        let decomposed = "Ho\u{302}\u{300} Chi\u{301} Minh"
        #expect(TextWidth.of(precomposed) == 11)
        #expect(TextWidth.of(decomposed) == 11)
        #expect(TextWidth.of("ệ") == 1)
        #expect(TextWidth.of("e\u{323}\u{302}") == 1)
    }

    @Test func asciiWidthsEqualTheSumOverCharacters() {
        // Every ASCII byte, alone and in runs with controls (CR LF is one cluster), DEL and a
        // combining mark after ASCII (which leaves the fast path).
        var samples = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        samples += [
            "A-0042 · ", "line\r\nnext", "tab\there", "del\u{7F}x", "e\u{301}", "", "   ", "overdue 1d 02:00:00",
        ]
        for s in samples {
            #expect(TextWidth.of(s) == s.reduce(0) { $0 + TextWidth.of($1) }, "«\(s.debugDescription)»")
        }
        #expect(TextWidth.of("Alerts (29282)") == 14)
        #expect(TextWidth.of("a\u{1}b") == 2)
    }

    @Test func cjkAndEmojiAreTwoColumns() {
        #expect(TextWidth.of("穿山甲") == 6)
        #expect(TextWidth.of("🐘") == 2)
        #expect(TextWidth.of("🇻🇳") == 2)
        #expect(TextWidth.of("👮🏽‍♀️") == 2)
        #expect(TextWidth.of("a") == 1)
    }

    @Test func truncateNeverCutsAWideCharacter() {
        let (t, w) = TextWidth.truncate("穿山甲 scales", toColumns: 4)
        #expect(t == "穿…")
        #expect(w == 3)
        #expect(TextWidth.fit("穿山甲", columns: 5) == "穿山…")
        #expect(TextWidth.fit("穿山甲", columns: 4) == "穿… ")
    }
}

@Suite struct SanitizerTests {
    @Test func controlsAndBidiBecomeVisibleMarkers() {
        #expect(Sanitizer.sanitize("a\u{1B}[2Jb") == "a␛[2Jb")
        #expect(Sanitizer.sanitize("x\ny\t\u{7F}") == "x␊y␉␡")
        #expect(Sanitizer.sanitize("\u{9B}31m") == "\u{FFFD}31m")
        #expect(Sanitizer.sanitize("abc\u{202E}def") == "abc¤def")
        #expect(Sanitizer.sanitize("Hồ Chí Minh") == "Hồ Chí Minh")
    }
}

@Suite struct GridTests {
    @Test func putClipsAndSnapshots() {
        var g = Grid(width: 8, height: 2)
        g.put("穿山甲 ivory", x: 0, y: 0)
        g.put("ab\u{1B}c", x: 1, y: 1, maxWidth: 3)
        #expect(g.snapshot() == "穿山甲 i|\n ab␛    |\n")
    }

    @Test func wideCharacterAtTheEdgeBecomesASpace() {
        var g = Grid(width: 5, height: 1)
        g.put("ab穿山", x: 0, y: 0)
        #expect(g.snapshot() == "ab穿 |\n")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var g = Grid(width: 4, height: 1)
        g.put("穿山", x: 0, y: 0)
        g.put("x", x: 1, y: 0)
        #expect(g.snapshot() == " x山|\n")
    }

    @Test func decomposedMarksStayWithTheirBase() {
        var g = Grid(width: 4, height: 1)
        g.put("e\u{323}\u{302}x", x: 0, y: 0)
        #expect(g[0, 0].text == "e\u{323}\u{302}")
        #expect(g[1, 0].text == "x")
    }
}
