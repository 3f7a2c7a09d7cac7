-- wrk script: a realistic group-chat mix, every request a distinct Telegram update. 50,000
-- members over 200 groups (so that at thousands of updates per second each member still writes
-- at a human pace, under the flood limit; STEWARD_MEMBERS changes the count); ordinary messages
-- in Chinese and English of varied length (an opening and a remark, each made unique), 8 %
-- check-ins, 2 % other commands (/points, /rank), 1 % a contact ad, 1 % a join. Update ids (and
-- message ids) are unique across wrk threads and across runs against the same server:
-- STEWARD_RUN (set by lib.sh, one number per run) and the thread's id keep them apart.
-- STEWARD_MIX=checkin posts check-ins only; STEWARD_CHATS changes the number of groups.
local counter = 0
-- A global, not a local: setup() sets it in each thread's own Lua state with thread:set, which
-- a local would shadow (every thread then sent the same ids, and half the updates were
-- duplicates that cost a server next to nothing).
thread_id = 0
local run = tonumber(os.getenv("STEWARD_RUN") or "0")
local secret = os.getenv("STEWARD_SECRET") or "s3cret"
local checkin_only = os.getenv("STEWARD_MIX") == "checkin"
local members = tonumber(os.getenv("STEWARD_MEMBERS") or "50000")
local chats = tonumber(os.getenv("STEWARD_CHATS") or "200")
-- STEWARD_PACE_MS: each connection waits this long between its requests (a steady rate below
-- the maximum, for latency at a given load).
local pace_ms = tonumber(os.getenv("STEWARD_PACE_MS") or "0")
if pace_ms > 0 then
  function delay()
    return pace_ms
  end
end

local texts = {
  "今天的分享很有收获，谢谢大家", "有人知道下周活动几点开始吗？", "早上好！",
  "这个问题我也遇到过，重启一下就好了", "哈哈哈哈", "我觉得第二个方案更好一些，成本低",
  "收到，晚上我整理一下发群里", "请问新人怎么参加打卡？", "周末一起去爬山吗",
  "good morning everyone", "thanks, that fixed it for me", "anyone tried the new release?",
  "I'll post the notes after the meeting", "+1", "where can I find the schedule for next week?",
  "这个链接打不开，能再发一次吗", "支持一下", "大家觉得这个价格合理吗？我看别家便宜一点",
  "see you all tomorrow", "明天见", "刚看完直播，讲得真好", "lol",
  "我们小区楼下新开了一家咖啡店，味道不错，推荐给大家，环境也挺安静适合办公的",
  "could someone explain how the points work? I checked in three days in a row",
}
local openings = {
  "", "嗯，", "对了，", "我想问下，", "补充一句：", "btw ", "ok so ", "其实", "刚才说的，", "hey, ",
  "说实话，", "同意楼上，", "quick question: ", "顺便说一下，", "哈哈 ", "well, ",
}
local ads = { "加微信 abc12345 领福利", "代理招募 vx: sale8888 日结", "免费领取 加QQ 12345678" }

local threads_set_up = 0
function setup(thread)
  threads_set_up = threads_set_up + 1
  thread:set("thread_id", threads_set_up)
end

local function json_escape(s)
  return (s:gsub('\\', '\\\\'):gsub('"', '\\"'))
end

local function message(update_id, user, chat, text)
  return string.format(
    '{"update_id":%d,"message":{"message_id":%d,"date":%d,"text":"%s",' ..
    '"from":{"id":%d,"is_bot":false,"first_name":"Member %d"},' ..
    '"chat":{"id":-100%d,"title":"Group %d","type":"supergroup"}}}',
    update_id, update_id, os.time(), json_escape(text), user, user, chat, chat)
end

local function join(update_id, user, chat)
  return string.format(
    '{"update_id":%d,"message":{"message_id":%d,"date":%d,' ..
    '"from":{"id":%d,"is_bot":false,"first_name":"New %d"},' ..
    '"chat":{"id":-100%d,"title":"Group %d","type":"supergroup"},' ..
    '"new_chat_members":[{"id":%d,"is_bot":false,"first_name":"New %d"}]}}',
    update_id, update_id, os.time(), user, user, chat, chat, user, user)
end

function request()
  counter = counter + 1
  -- Below 2^53 (Lua numbers are doubles): runs up to 9,000 × 10^12, threads × 10^9.
  local update_id = run * 1000000000000 + thread_id * 1000000000 + counter
  local user = 1000 + (thread_id * 7777 + counter * 7919) % members
  local chat = 1 + user % chats
  local pick = counter % 100
  local body
  if checkin_only or pick < 8 then
    body = message(update_id, user, chat, "/checkin")
  elseif pick < 9 then
    body = message(update_id, user, chat, "/points")
  elseif pick < 10 then
    body = message(update_id, user, chat, "/rank")
  elseif pick < 11 then
    body = message(update_id, user, chat, ads[1 + counter % #ads])
  elseif pick < 12 then
    body = join(update_id, 10000000 + run * 1000000 + thread_id * 100000 + counter % 100000, chat)
  else
    local text = openings[1 + math.floor(counter / 7) % #openings] .. texts[1 + counter % #texts]
    body = message(update_id, user, chat, text .. " " .. counter)
  end
  return wrk.format("POST", "/webhook/telegram",
    {["Content-Type"] = "application/json", ["X-Telegram-Bot-Api-Secret-Token"] = secret}, body)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
