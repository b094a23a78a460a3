-- wrk script: replay a pool of complete pre-signed HTTP requests, round robin.
-- Usage: wrk ... -s bench/pool.lua http://127.0.0.1:PORT/ -- POOL_FILE
-- Pool file (bench/kms.py write_pool): per request, its byte length on a line, then the bytes.
-- done() prints one machine-readable line, "BENCH_JSON {...}", with the percentiles in µs.

local counter = 0
local pool, next_index = {}, 1

function setup(thread)
   thread:set("thread_id", counter)
   counter = counter + 1
end

function init(args)
   local f = assert(io.open(args[1], "rb"))
   while true do
      local line = f:read("*l")
      if not line then break end
      pool[#pool + 1] = f:read(tonumber(line))
   end
   f:close()
   assert(#pool > 0, "empty request pool")
   -- Threads start at different places so they do not send the same request together.
   next_index = (thread_id * math.floor(#pool / 2)) % #pool + 1
end

function request()
   local r = pool[next_index]
   next_index = next_index % #pool + 1
   return r
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"non2xx":%d,' ..
      '"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
      '"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d,"mean_us":%.1f}\n',
      summary.requests, summary.duration, summary.bytes, e.status,
      e.connect, e.read, e.write, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency:percentile(99.9), latency.max, latency.mean))
end
