import Foundation
import TerminalKit
import Testing

@testable import DutyDeskConfig

/// The package root, found from this file's path (Tests/DutyDeskConfigTests/…).
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
private let themesDir = packageRoot.appendingPathComponent("themes")

@Suite struct ShippedThemeTests {
    @Test func everyThemeFileLoadsAndDefinesEveryRole() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: themesDir.path).filter { $0.hasSuffix(".yaml") }
            .sorted()
        #expect(files == ["default.yaml", "high-contrast.yaml", "light.yaml", "monochrome.yaml"])
        for f in files {
            let theme = try ThemeLoader.load(nameOrPath: themesDir.appendingPathComponent(f).path)
            #expect(theme.name + ".yaml" == f)
            for role in Role.allCases {
                #expect(theme.roles[role] != nil, "\(f) does not define \(role.rawValue)")
                for mode in ColorMode.allCases {
                    let r = theme.resolve(Style(role), mode: mode)
                    if mode == .none {
                        #expect(r.foreground == nil && r.background == nil)
                    } else {
                        #expect(r.foreground != nil && r.background != nil)
                    }
                }
            }
        }
    }

    @Test func embeddedTextsEqualTheFilesByteForByte() throws {
        for name in ThemeLoader.shippedNames {
            let file = try Data(contentsOf: themesDir.appendingPathComponent(name + ".yaml"))
            let embedded = try #require(ThemeLoader.shippedText(name))
            #expect(Data(embedded.utf8) == file, "Sources/DutyDeskConfig/ThemeTexts.swift is out of date for \(name)")
            #expect(
                try ThemeLoader.load(nameOrPath: name)
                    == ThemeLoader.load(nameOrPath: themesDir.appendingPathComponent(name + ".yaml").path))
        }
    }

    @Test func compiledInDefaultEqualsDefaultYAML() throws {
        #expect(try ThemeLoader.load(nameOrPath: "default") == Theme.default)
    }

    @Test func monochromeAndNoColorKeepStatesDistinct() throws {
        // Overdue (danger), due soon (warning), selected, muted and plain text must differ
        // in every shipped theme with colour off, and in the monochrome theme with colour on.
        for name in ThemeLoader.shippedNames {
            let t = try ThemeLoader.load(nameOrPath: name)
            let roles: [Role] = [.danger, .warning, .selection, .muted, .text]
            let none = roles.map { t.resolve(Style($0), mode: .none) }
            #expect(Set(none).count == roles.count, "\(name) under NO_COLOR")
        }
        let mono = try ThemeLoader.load(nameOrPath: "monochrome")
        let roles: [Role] = [.danger, .warning, .selection, .muted, .text]
        #expect(Set(roles.map { mono.resolve(Style($0), mode: .ansi256) }).count == roles.count)
    }
}

@Suite struct ThemeErrorTests {
    func error(_ yaml: String) -> ThemeError? {
        do {
            _ = try ThemeLoader.parse(yaml, file: "t.yaml")
            return nil
        } catch let e as ThemeError { return e } catch { return nil }
    }

    @Test func unknownRoleListsValidRoles() throws {
        let e = try #require(error("name: x\nroles:\n  text: {}\n  dangr: { bold: true }\n"))
        #expect(e.line == 4)
        #expect(e.field == "roles.dangr")
        #expect(
            e.description.hasPrefix(
                "t.yaml:4: roles.dangr: unknown role; valid roles: text, muted, accent, selection, border, border_focus"
            ))
    }

    @Test func colourNotInPaletteIsAnError() throws {
        let e = try #require(error("name: x\npalette:\n  red: red\nroles:\n  text: {}\n  danger: { fg: crimson }\n"))
        #expect(e.line == 6 && e.field == "roles.danger.fg")
        #expect(e.message == "colour 'crimson' is not in the palette; palette: default, red")
    }

    @Test func badPaletteColourAndBadFields() throws {
        let p = try #require(error("name: x\npalette:\n  c: \"#12345g\"\nroles:\n  text: {}\n"))
        #expect(p.line == 3 && p.field == "palette.c")
        let b = try #require(error("name: x\nroles:\n  text: { bold: yes please }\n"))
        #expect(b.field == "roles.text.bold" && b.message == "expected true or false")
        let f = try #require(error("name: x\nroles:\n  text: { colour: red }\n"))
        #expect(f.field == "roles.text.colour")
        let k = try #require(error("name: x\nrole:\n  text: {}\n"))
        #expect(k.line == 2 && k.field == "role")
    }

    @Test func missingPartsAndInvalidYAML() throws {
        #expect(try #require(error("palette: {}\nroles: { text: {} }\n")).field == "name")
        #expect(try #require(error("name: x\nroles:\n  muted: {}\n")).field == "roles.text")
        #expect(try #require(error("")).message == "the theme file is empty")
        let y = try #require(error("name: x\nroles:\n  text: { fg: [\n"))
        #expect(y.line != nil)
        #expect(y.message.hasPrefix("not valid YAML"))
    }

    @Test func unknownNameAndMissingFile() throws {
        do {
            _ = try ThemeLoader.load(nameOrPath: "solarized")
            Issue.record("expected an error")
        } catch let e as ThemeError {
            #expect(
                e.description
                    == "solarized: no shipped theme of that name; shipped themes: default, high-contrast, light, monochrome, or give a path to a .yaml file"
            )
        }
        #expect(throws: ThemeError.self) { try ThemeLoader.load(nameOrPath: "/nonexistent/dir/theme.yaml") }
    }

    @Test func omittedRolesFallBack() throws {
        let t = try ThemeLoader.parse(
            "name: x\npalette: { r: red }\nroles:\n  text: {}\n  danger: { fg: r }\n", file: "t.yaml")
        #expect(t.style(for: .critical).foreground == .ansi(1))
        #expect(t.style(for: .header) == RoleStyle())
    }
}
