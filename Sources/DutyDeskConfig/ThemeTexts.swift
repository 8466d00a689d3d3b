// Generated from themes/*.yaml: the shipped themes, compiled in so the binary works
// anywhere. Keep byte-identical to the files (Tests/DutyDeskConfigTests/ThemeLoaderTests
// checks). Regenerate: see docs/themes.md.

enum ShippedThemes {
    static let names = ["default", "high-contrast", "light", "monochrome"]

    static let texts: [String: String] = [
        "default": #"""
        # DutyDesk theme "default": for dark terminals; text in the terminal's own colours.
        # Format: docs/themes.md. This file is compiled into the binary (Theme.default).
        name: default
        palette:
          fg: default
          bg: default
          grey: bright_black
          cyan: cyan
          green: green
          yellow: yellow
          red: red
          bright_red: bright_red
          white: bright_white
          orange: "#ff8700"
        roles:
          text:         { fg: fg, bg: bg }
          muted:        { fg: grey }
          accent:       { fg: cyan, bold: true }
          selection:    { fg: cyan, bold: true }
          border:       { fg: grey }
          border_focus: { fg: cyan, bold: true }
          ok:           { fg: green }
          warning:      { fg: yellow, bold: true }
          danger:       { fg: bright_red, bold: true }
          header:       { fg: cyan, bold: true, underline: true }
          title:        { fg: white, bold: true }
          banner:       { fg: white, bg: red, bold: true }
          critical:     { fg: white, bg: red, bold: true }
          high:         { fg: orange, bold: true }
          normal:       { fg: fg }
          low:          { fg: grey }

        """#,
        "high-contrast": #"""
        # DutyDesk theme "high-contrast": pure white on black, strong backgrounds for states,
        # bold wherever it helps. For bright rooms, projectors and low vision. Format: docs/themes.md.
        name: high-contrast
        palette:
          black: black
          white: bright_white
          yellow: bright_yellow
          red: red
          green: bright_green
          cyan: bright_cyan
          blue: blue
        roles:
          text:         { fg: white, bg: black }
          muted:        { fg: white, bg: black }
          accent:       { fg: yellow, bg: black, bold: true }
          selection:    { fg: yellow, bg: black, bold: true }
          border:       { fg: white, bg: black }
          border_focus: { fg: yellow, bg: black, bold: true }
          ok:           { fg: green, bg: black, bold: true }
          warning:      { fg: black, bg: yellow, bold: true }
          danger:       { fg: white, bg: red, bold: true }
          header:       { fg: black, bg: white, bold: true }
          title:        { fg: yellow, bg: black, bold: true }
          banner:       { fg: black, bg: yellow, bold: true }
          critical:     { fg: white, bg: red, bold: true, underline: true }
          high:         { fg: black, bg: yellow, bold: true }
          normal:       { fg: white, bg: black }
          low:          { fg: cyan, bg: black }

        """#,
        "light": #"""
        # DutyDesk theme "light": for terminals with a light background (dark text, no pale
        # colours). Format: docs/themes.md.
        name: light
        palette:
          fg: default
          bg: default
          grey: "#6c6c6c"
          blue: "#005fd7"
          navy: "#00005f"
          green: "#008700"
          amber: "#af5f00"
          red: "#d70000"
          white: "#ffffff"
          pale_blue: "#d7e3ff"
        roles:
          text:         { fg: fg, bg: bg }
          muted:        { fg: grey }
          accent:       { fg: blue, bold: true }
          selection:    { fg: blue, bold: true }
          border:       { fg: grey }
          border_focus: { fg: blue, bold: true }
          ok:           { fg: green }
          warning:      { fg: amber, bold: true }
          danger:       { fg: red, bold: true }
          header:       { fg: navy, bg: pale_blue, bold: true }
          title:        { fg: navy, bold: true }
          banner:       { fg: white, bg: red, bold: true }
          critical:     { fg: white, bg: red, bold: true }
          high:         { fg: amber, bold: true }
          normal:       { fg: fg }
          low:          { fg: grey }

        """#,
        "monochrome": #"""
        # DutyDesk theme "monochrome": no colour at all, meaning carried by attributes only
        # (the same rule the dashboard applies under NO_COLOR; see docs/themes.md).
        name: monochrome
        palette:
          fg: default
          bg: default
        roles:
          text:         { fg: fg, bg: bg }
          muted:        { dim: true }
          accent:       { bold: true }
          selection:    { reverse: true }
          border:       {}
          border_focus: { bold: true }
          ok:           {}
          warning:      { bold: true, underline: true }
          danger:       { bold: true, reverse: true }
          header:       { bold: true, underline: true }
          title:        { bold: true }
          banner:       { reverse: true }
          critical:     { bold: true, reverse: true }
          high:         { bold: true, underline: true }
          normal:       {}
          low:          { dim: true }

        """#,
    ]
}
