-- wrk script of bench/compare.sh: replays the harness's own requests (written by
-- `harness bench --dump-requests` and turned into tab-separated hex by compare.sh) once, split
-- between wrk's threads, and prints the rate over the time the threads took to send them all.
-- wrk's own -d is only an upper bound here: a thread that runs out of requests stops.
--
--   wrk -t2 -c64 -d60s -s bench/replay.lua http://127.0.0.1:PORT -- requests.tsv 2
--
-- Each line of requests.tsv: method, target, headers (hex(name)=hex(value),...), body hex or
-- "-". Bytes are carried in hex so any body (malformed JSON included) replays exactly.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } timespec_t;
int clock_gettime(int clk_id, timespec_t *tp);
]]
local function now()
  local t = ffi.new("timespec_t")
  ffi.C.clock_gettime(1, t) -- CLOCK_MONOTONIC
  return tonumber(t.tv_sec) + tonumber(t.tv_nsec) / 1e9
end

local threads = {}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

local function unhex(s)
  return (s:gsub("..", function(cc) return string.char(tonumber(cc, 16)) end))
end

function init(args)
  local path, nthreads = args[1], tonumber(args[2])
  requests, issued, first, elapsed = {}, 0, nil, 0
  local i = 0
  for line in io.lines(path) do
    if i % nthreads == id then
      local method, target, headers, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
      local h = {}
      for name, value in headers:gmatch("(%x*)=(%x*)") do h[unhex(name)] = unhex(value) end
      requests[#requests + 1] = wrk.format(method, target, h, body ~= "-" and unhex(body) or nil)
    end
    i = i + 1
  end
  count = #requests
end

function request()
  if issued == 0 then first = now() end
  issued = issued + 1
  if issued > #requests then
    if elapsed == 0 then elapsed = now() - first end
    wrk.thread:stop()
    return requests[#requests]
  end
  return requests[issued]
end

function done(summary, latency, requests)
  local total, longest = 0, 0
  for _, t in ipairs(threads) do
    local elapsed = t:get("elapsed")
    if elapsed == 0 then
      -- A thread did not finish within -d: fall back to wrk's own count and duration.
      io.write(string.format("replay incomplete; replayed-rate %.0f\n",
        summary.requests / (summary.duration / 1e6)))
      return
    end
    total = total + t:get("count")
    longest = math.max(longest, elapsed)
  end
  io.write(string.format("replayed %d requests in %.3f s\nreplayed-rate %.0f\n",
    total, longest, total / longest))
end
