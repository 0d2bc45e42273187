-- POST /v1/documents: each request creates a new document (~1 KB of markdown).
local counter = 0
local body_text = string.rep("The quick brown fox jumps over the lazy dog. ", 22)

request = function()
  counter = counter + 1
  local body = '{"title":"load ' .. counter .. '","content":"' .. body_text .. counter .. '"}'
  return wrk.format("POST", "/v1/documents", {["Content-Type"] = "application/json"}, body)
end
