-- wrk script for bench/http.sh: search with words nobody has asked for yet on every request, so
-- no app process has the results kept (the "search" line repeats one query, as readers do).
dofile("bench/http/report.lua")

local words = {"giam", "ngheo", "bo", "giong", "nha", "dai", "doan", "ket", "hoc", "bong",
  "ca", "phe", "che", "ong", "mat", "rung", "lua", "gao", "nuoi", "trong", "vay", "von",
  "ho", "tro", "xa", "ban", "thon", "song", "suoi", "duong"}
math.randomseed(os.time() + math.floor(os.clock() * 1000000))

request = function()
  local query = words[math.random(#words)] .. "+" .. words[math.random(#words)] .. "+"
    .. math.random(1, 1000000000)
  return wrk.format("GET", "/search/?q=" .. query)
end
