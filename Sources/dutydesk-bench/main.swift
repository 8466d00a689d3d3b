// dutydesk-bench: benchmarks, not timed tests. Figures and commands: docs/performance.md.
#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
if LogBench.main(arguments) { exit(0) }
if ProductBench.main(arguments) { exit(0) }
if FuzzBench.main(arguments) { exit(0) }
if NetworkBench.main(arguments) { exit(0) }
if AllBench.main(arguments) { exit(0) }
print(
    "usage: dutydesk-bench all|log-generate|log-replay|log-append|log-batch|gen|cold|interact|append-next|csv-gen|csv-parse|fuzz|network …  (see docs/performance.md, docs/testing.md)"
)
exit(64)
