-- wrk reporter for bench/http.sh: one machine-readable line per run.
-- RESULT <requests/s> <p50 ms> <p99 ms> <requests> <non-2xx/3xx answers> <socket errors>
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d %d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.requests,
    errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
