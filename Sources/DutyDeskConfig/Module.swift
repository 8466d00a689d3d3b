// DutyDeskConfig: see docs/decisions/0001-architecture.md
