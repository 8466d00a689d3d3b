// The domain's API is written in terms of `RFC3339Timestamp` and `JSON`; re-export them so
// layers that depend on the domain only (Dashboard, DutyDeskConfig) can name those types.
@_exported import DutyDeskJSON
