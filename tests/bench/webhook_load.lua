-- wrk script: every request is a distinct Telegram update (a member message or a check-in), so
-- each one is de-duplicated, committed and answered for real. Thread ids keep update ids apart.
local counter = 0
local thread_id = 0
local secret = os.getenv("STEWARD_SECRET") or "s3cret"

function setup(thread)
  thread_id = thread_id + 1
  thread:set("thread_id", thread_id)
end

function request()
  counter = counter + 1
  local update_id = thread_id * 100000000 + counter
  local user = 1000 + (counter % 500)
  local text = (counter % 10 == 0) and "/checkin" or "hello from a load test"
  local body = string.format(
    '{"update_id":%d,"message":{"message_id":%d,"date":%d,"text":"%s",' ..
    '"from":{"id":%d,"is_bot":false,"first_name":"Load"},' ..
    '"chat":{"id":-100%d,"title":"Load","type":"supergroup"}}}',
    update_id, counter, os.time(), text, user, counter % 20)
  return wrk.format("POST", "/webhook/telegram",
    {["Content-Type"] = "application/json", ["X-Telegram-Bot-Api-Secret-Token"] = secret}, body)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
