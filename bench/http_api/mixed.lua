-- 80% GET of seeded documents, 20% POST of new ones.
local ids = {}
for line in io.lines(os.getenv("WM_IDS_FILE")) do ids[#ids + 1] = line end
local counter = 0
local body_text = string.rep("The quick brown fox jumps over the lazy dog. ", 22)

request = function()
  counter = counter + 1
  if counter % 5 == 0 then
    local body = '{"title":"mixed ' .. counter .. '","content":"' .. body_text .. '"}'
    return wrk.format("POST", "/v1/documents", {["Content-Type"] = "application/json"}, body)
  end
  return wrk.format("GET", "/v1/documents/" .. ids[math.random(#ids)])
end
