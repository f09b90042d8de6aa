-- Requests the paths given after `--` in turn (each wrk thread starts at the first
-- with its own counter), and reports like report.lua:
--   wrk -c100 -d60s -s bench/wrk/rotate.lua http://127.0.0.1:8000 -- /en/ /en/cities/
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local paths = {}
local counter = 0

init = function(args)
  for _, path in ipairs(args) do
    paths[#paths + 1] = path
  end
  if #paths == 0 then
    error("rotate.lua: give the paths after --")
  end
end

request = function()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end
