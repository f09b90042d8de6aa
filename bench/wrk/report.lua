-- wrk's summary as one JSON line for bench/run.py: percentiles in milliseconds
-- (wrk's --latency prints 50/75/90/99 only), requests per second and the errors.
-- wrk counts a response of 400 or more as a "status" error: not 2xx or 3xx.
done = function(summary, latency, requests)
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  local function ms(percent)
    return latency:percentile(percent) / 1000
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, '
      .. '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, '
      .. '"bytes": %d, "non_2xx_3xx": %d, "socket_errors": {"connect": %d, '
      .. '"read": %d, "write": %d, "timeout": %d}}\n',
    summary.requests, seconds, summary.requests / seconds,
    ms(50), ms(95), ms(99), latency.max / 1000,
    summary.bytes, errors.status,
    errors.connect, errors.read, errors.write, errors.timeout
  ))
end
