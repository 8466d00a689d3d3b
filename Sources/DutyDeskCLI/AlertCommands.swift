// `dutydesk alert add`: record a tip from the command line (issue 5, item 1).
import ArgumentParser
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog

/// `dutydesk alert …`: every action of the dashboard's alert keys, and read-only views, for
/// scripts and officers at a shell (issue 5, item 1; issue 10, item 3).
public struct AlertCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "alert",
        abstract: "Record and handle alerts (tin báo) from the command line.",
        discussion: """
            Every action of the dashboard's alert keys: each decides under the log's lock, \
            prints the alert id and what it did once the event is durable and exits 0 only \
            then; a refusal exits 65 with the reason (in Vietnamese when LC_ALL or LANG \
            starts with vi). show and list only read the log.

            Examples:
              dutydesk alert add --source police --subject "Ngà voi" --priority high
              dutydesk alert ack A-0042
              dutydesk alert close A-0042 --disposition no_finding
              dutydesk alert list --status received --json
            """,
        subcommands: [
            AlertAddCommand.self, AlertAckCommand.self, AlertAssignCommand.self, AlertEscalateCommand.self,
            AlertSnoozeCommand.self, AlertNoteCommand.self, AlertCloseCommand.self, AlertReopenCommand.self,
            AlertMergeCommand.self, AlertUndoCommand.self, AlertShareCommand.self, AlertAcceptCommand.self,
            AlertDeclineCommand.self, AlertWithdrawCommand.self, AlertShowCommand.self, AlertListCommand.self,
        ])
    public init() {}
}

/// `dutydesk alert add --source KIND --subject TEXT …`: appends `alert.received` and prints
/// the new alert's id (`A-nnnn`) once the record is durable (after `fdatasync`).
/// Exit 0 stored; 64 bad option; 65 refused (the message names the option); 73/74 log failure.
public struct AlertAddCommand: ScriptCommand {
    public static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record a new alert and print its id.",
        discussion: """
            Times: RFC 3339 (2021-09-01T08:00:00+07:00), an ISO date (2021-09-01) or \
            dd/MM/yyyy HH:mm in the campaign's zone (ICT, UTC+7). --unit is the \
            responsible customs unit (campaign unit code); --quantity-unit is the unit \
            of measure. --location may start with its kind: border_gate:, port:, \
            airport: or other: (else guessed from the name). --sharing is the \
            alert's sharing level (TLP 2.0): red never leaves this desk, amber+strict \
            goes to the owning unit and Division 1, amber (the default) also to the \
            units it is sent to, green to every customs desk, clear anywhere.

            Examples:
              dutydesk alert add --source police --subject "Ngà voi" --priority high
              dutydesk alert add --source member_country --source-detail TH \\
                --subject "Pangolin scales" --reference CB-2021/17 \\
                --commodity "vảy tê tê" --species "Manis javanica (I)" \\
                --quantity 120 --quantity-unit kg \\
                --conveyance cargo --conveyance-ref MSKU1234567 \\
                --location "port:Cảng Cát Lái" --unit HQHCM --eta "05/09/2021 14:00"

            Exit codes: 0 stored (id on standard output), 64 bad option, \
            65 refused, 73/74 log error.
            """)

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Source kind: \(AlertSourceKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"),
        completion: .list(AlertSourceKind.allCases.map(\.rawValue)))
    public var source: String
    @Option(
        name: .customLong("source-detail"),
        help: ArgumentHelp(
            "Country code for member_country (e.g. TH); otherwise free text kept in the notes.", valueName: "text"))
    public var sourceDetail: String?
    @Option(name: .long, help: ArgumentHelp("What the tip is about.", valueName: "text"))
    public var subject: String
    @Option(
        name: .long, help: ArgumentHelp("critical, high, normal (default) or low.", valueName: "p"),
        completion: .list(Priority.allCases.map(\.rawValue)))
    public var priority: String?
    @Option(
        name: .long,
        help: ArgumentHelp("The source's own reference (message number, control number).", valueName: "ref"))
    public var reference: String?
    @Option(name: .long, help: ArgumentHelp("Commodity concerned (e.g. ngà voi, pangolin scales).", valueName: "text"))
    public var commodity: String?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Scientific name, optionally with CITES appendix: \"Manis javanica (I)\"; repeatable.", valueName: "name"))
    public var species: [String] = []
    // `.unconditional`: `--quantity -5` is the value -5 (refused as negative), not a
    // missing value followed by an option `-5`.
    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Amount: 12,5 or 12.5, no thousands separator (with --quantity-unit).", valueName: "n"))
    public var quantity: String?
    @Option(
        name: .customLong("quantity-unit"),
        help: ArgumentHelp("Unit of measure of --quantity (pieces, kg, individuals, …).", valueName: "u"))
    public var quantityUnit: String?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Conveyance: \(ConveyanceKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"),
        completion: .list(ConveyanceKind.allCases.map(\.rawValue)))
    public var conveyance: String?
    @Option(
        name: .customLong("conveyance-ref"), help: ArgumentHelp("Container, flight, plate or vessel.", valueName: "ref")
    )
    public var conveyanceRef: String?
    @Option(name: .long, help: ArgumentHelp("Where: [border_gate:|port:|airport:|other:]NAME.", valueName: "text"))
    public var location: String?
    @Option(name: .long, help: ArgumentHelp("Responsible customs unit code (e.g. HQHCM).", valueName: "code"))
    public var unit: String?
    @Option(name: .long, help: ArgumentHelp("Expected arrival (the window to intercept).", valueName: "time"))
    public var eta: String?
    @Option(name: .long, help: ArgumentHelp("When the tip reached customs (default: now).", valueName: "time"))
    public var received: String?
    @Option(name: .long, help: ArgumentHelp("Free text.", valueName: "text"))
    public var notes: String?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Sharing level (TLP 2.0): \(SharingLevel.names); default amber.", valueName: "level"),
        completion: .list(SharingLevel.allCases.map(\.rawValue)))
    public var sharing: String?

    @OptionGroup public var campaignOptions: CampaignOptions

    public init() {}

    /// The option values as alert fields (`AlertDraft.fields`).
    var fieldValues: [String: String] {
        var v: [String: String] = ["source": source, "subject": subject]
        v["source_detail"] = sourceDetail
        v["priority"] = priority
        v["reference"] = reference
        v["commodity"] = commodity
        v["species"] = species.isEmpty ? nil : species.joined(separator: ";")
        v["quantity"] = quantity
        v["quantity_unit"] = quantityUnit
        v["conveyance"] = conveyance
        v["conveyance_ref"] = conveyanceRef
        v["location"] = location
        v["unit"] = unit
        v["eta"] = eta
        v["received"] = received
        v["notes"] = notes
        v["sharing"] = sharing
        return v
    }

    /// `alert.received` with the options as the alert's details (`AlertDraft.build`).
    /// - Throws: `CLIFailure.usage` naming every option that is refused, one a line.
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) throws(CLIFailure) -> Command {
        let values = fieldValues
        var problems: [AlertDraft.Problem] = []
        var level = SharingLevel.standard
        switch AlertDraft.sharing(values) {
        case .success(let l): level = l
        case .failure(let p): problems.append(p)
        }
        switch AlertDraft.build(values, campaign: campaign, now: now) {
        case .success(let details) where problems.isEmpty: return .receiveAlert(details, sharing: level)
        case .success: break
        case .failure(let ps): problems = ps.list + problems
        }
        throw .usage(
            problems.map { "--\($0.field.replacingUnderscores): \($0.reason(LogBridge.officerLanguage))" }
                .joined(separator: "\n"))
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}
