-- GET /v1/documents/{id} over the ids seeded by load.sh (one per line in $WM_IDS_FILE).
local ids = {}
for line in io.lines(os.getenv("WM_IDS_FILE")) do ids[#ids + 1] = line end

request = function()
  return wrk.format("GET", "/v1/documents/" .. ids[math.random(#ids)])
end
