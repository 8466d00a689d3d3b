import DutyDeskCLI
DutyDeskMain.run()
