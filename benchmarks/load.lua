-- wrk script: rotate over public article pages, a reviewer's queue and the review-status report.
-- Cookies come from the environment (set by benchmarks/load.sh).
local slugs = {}
for slug in string.gmatch(os.getenv("LOAD_SLUGS") or "", "[^,]+") do slugs[#slugs + 1] = slug end
local reviewer = os.getenv("LOAD_REVIEWER_COOKIE")
local admin = os.getenv("LOAD_ADMIN_COOKIE")
local n = 0

request = function()
  n = n + 1
  local kind = n % 10
  if kind < 6 then
    return wrk.format("GET", "/articles/" .. slugs[(n % #slugs) + 1] .. "/")
  elseif kind < 8 then
    return wrk.format("GET", "/review/queue/", { Cookie = "sessionid=" .. reviewer })
  else
    return wrk.format("GET", "/reports/review-status/", { Cookie = "sessionid=" .. admin })
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format("requests: %d in %.1f s = %.1f req/s\n", summary.requests,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: %d (non-2xx/3xx %d, timeouts %d)\n", errors,
    summary.errors.status, summary.errors.timeout))
end
