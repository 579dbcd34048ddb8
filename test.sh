#!/usr/bin/env bash
# Runs the whole test suite: one Release build of the solution, then every test project.
# Ends with a plain "N passed, N failed, N skipped" line computed from the TRX results and exits
# non-zero when the build or the test run failed or any test failed.
# Extra arguments go to `dotnet test`, e.g. ./test.sh --filter FullyQualifiedName~Infrastructure
# The integration tests start their own PostgreSQL 15 (see tests/Proxy.Tests/Infrastructure).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Stale result files from an earlier run would be counted again.
rm -rf TestResults

if ! dotnet build MaskingProxy.sln -c Release; then
    echo "0 passed, 0 failed, 0 skipped (build failed)"
    exit 1
fi

# A hung test must not hang CI forever; the whole suite is meant to finish well under 15 minutes.
# Only under CI: timeout puts the tests in their own process group, where Ctrl-C would not reach them.
limit=()
if [ -n "${CI:-}" ]; then
    limit=(timeout --kill-after=30s "${TEST_TIMEOUT:-14m}")
fi
test_status=0
"${limit[@]}" dotnet test MaskingProxy.sln -c Release --no-build --logger "trx" --results-directory TestResults "$@" \
    || test_status=$?

# The audit log's hashing has a path per vector width (src/Crypto/Sm3Lanes*.cs, LaneVector*.cs); the
# run above took the widest this CPU has, so the crypto and audit-log tests run again on each
# narrower one it has too (the runtime's switches turn the wider instruction sets off).
if [ "$test_status" -eq 0 ] && grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
    narrower=(EnableAVX2)
    grep -qw avx512f /proc/cpuinfo && narrower=(EnableAVX512 EnableAVX2)
    for switch in "${narrower[@]}"; do
        for project in Crypto AuditLog; do
            env "DOTNET_${switch}=0" "${limit[@]}" dotnet test "tests/${project}.Tests" -c Release --no-build \
                --logger "trx;LogFileName=${switch}-off-${project}.trx" --results-directory TestResults "$@" || test_status=$?
        done
    done
fi

passed=0 failed=0 skipped=0 files=0
shopt -s nullglob
for trx in TestResults/*.trx; do
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)
    [ -n "$counters" ] || continue
    files=$((files + 1))
    count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
    total=$(count total) executed=$(count executed)
    passed=$((passed + $(count passed)))
    # error/timeout/aborted are failures too; skipped tests are the ones that were never executed.
    failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
    skipped=$((skipped + total - executed))
done

echo "${passed} passed, ${failed} failed, ${skipped} skipped"

if [ "$test_status" -ne 0 ]; then
    [ "$test_status" -eq 124 ] && echo "test run timed out after ${TEST_TIMEOUT:-14m}" >&2
    echo "dotnet test exited with ${test_status}" >&2
    exit "$test_status"
fi
if [ "$failed" -ne 0 ] || [ "$files" -eq 0 ]; then
    [ "$files" -eq 0 ] && echo "no test results found in TestResults/" >&2
    exit 1
fi
