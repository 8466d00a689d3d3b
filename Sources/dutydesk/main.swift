import DutyDeskCLI

DutyDeskMain.run()
