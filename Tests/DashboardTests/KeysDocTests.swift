import Foundation
import TerminalKit
import Testing

@testable import Dashboard

/// docs/keys.md is generated from the keymap tables; this fails when it is stale.
/// Regenerate with `DUTYDESK_UPDATE_DOCS=1 swift test --filter KeysDoc`.
@Suite struct KeysDocTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/keys.md")

    @Test func keysMarkdownMatchesTheCommittedFile() throws {
        let generated = keysMarkdown()
        if ProcessInfo.processInfo.environment["DUTYDESK_UPDATE_DOCS"] == "1" {
            try generated.write(to: Self.path, atomically: true, encoding: .utf8)
            return
        }
        let committed = (try? String(contentsOf: Self.path, encoding: .utf8)) ?? ""
        #expect(
            committed == generated,
            "docs/keys.md is stale: run `DUTYDESK_UPDATE_DOCS=1 swift test --filter KeysDoc` and commit it")
    }

    @Test func everyBindingIsDocumentedInBothLanguages() {
        let md = keysMarkdown()
        for map in Keymaps.all {
            #expect(md.contains("## \(map.name) / \(map.nameVI)"))
            for b in map.bindings {
                #expect(!b.help.isEmpty && !b.helpVI.isEmpty)
                #expect(md.contains(b.help.replacingPipe))
            }
        }
    }

    @Test func noKeyIsBoundTwiceInOneContext() {
        // The tables consulted together must not shadow each other silently.
        let contexts: [[Keymap<Action>]] = [
            [Keymaps.alerts, Keymaps.navigation, Keymaps.global],
            [Keymaps.verification, Keymaps.navigation, Keymaps.global],
            [Keymaps.deadlines, Keymaps.navigation, Keymaps.global],
            [Keymaps.detail, Keymaps.global],
            [Keymaps.detailBack, Keymaps.deadlines, Keymaps.global],
            [Keymaps.detailBack, Keymaps.verification, Keymaps.global],
            [Keymaps.form], [Keymaps.editing], [Keymaps.filter], [Keymaps.help],
        ]
        for maps in contexts {
            var seen: [Key: String] = [:]
            for m in maps {
                for b in m.bindings {
                    for k in b.keys {
                        #expect(seen[k] == nil, "\(k.label) bound in \(seen[k] ?? "") and \(m.name)")
                        seen[k] = m.name
                    }
                }
            }
        }
    }
}
