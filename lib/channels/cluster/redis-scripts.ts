// The cluster's shared state lives in Redis and changes only through these Lua scripts: each runs atomically, so
// one script decides each transition (first socket of a member, last subscriber of a channel) for the whole cluster,
// and publishes it on the bus in the same step, numbered by one counter: every node sees every change in one order.
//
// Keys (P = "<prefix>:<app id>"; channel names never contain ':' or a newline):
//   P:seq              counter: the number of the latest change (bus messages carry it), started at the time in µs
//   P:bus              pub/sub channel every node subscribes to: "<seq>|<json>" messages (seq 0: not numbered)
//   P:nodes            hash node id -> description, of the nodes in the cluster
//   P:hb:<node>        exists while the node's heartbeats arrive (PX = the node TTL)
//   P:ns:<node>        hash channel -> the node's subscriber sockets on it
//   P:np:<node>        hash "<channel>\n<user id>" -> the node's sockets of that presence member
//   P:count            hash channel -> subscriber sockets cluster-wide (occupied channels only)
//   P:m:<channel>      hash user id -> user_info JSON: the presence channel's members
//   P:mc:<channel>     hash user id -> the member's sockets cluster-wide
//   P:pv               sorted set: vacated channels whose channel_vacated is due at the score (ms)
//   P:cache:<channel>  "<seq>|<json {e, d}>": a cache channel's last event (PX = the cache TTL)
//   P:sc:<channel>     the subscription count last announced (subscription_count on)
//   P:nu:<node>        set of the users signed in on the node (pusher:signin)
//   P:uc               hash user id -> nodes the user is signed in on (watchlist online/offline)
//
// Scripts return webhook events to send as a flat list of triples (name, channel, user id or "").

const PRELUDE = `
local P = ARGV[1]
-- Change numbers as text without Lua's 14-digit number formatting.
local function seqText(seq) return string.format('%.0f', seq) end
local function publish(seq, message) redis.call('PUBLISH', P .. ':bus', seqText(seq) .. '|' .. message) end
-- A counter that is created (or re-created after Redis lost its data) at the current time in microseconds, so the
-- numbers never go back and nodes keep comparing them across a Redis restart.
local function startSeq()
  if redis.call('EXISTS', P .. ':seq') == 0 then
    local now = redis.call('TIME')
    redis.call('SET', P .. ':seq', now[1] .. string.format('%06d', tonumber(now[2])))
  end
end
local function nextSeq() startSeq(); return redis.call('INCR', P .. ':seq') end
local function num(value) return tonumber(value) or 0 end
-- The number of the latest change: what a script's answer describes the state as of.
local function currentSeq() startSeq(); return num(redis.call('GET', P .. ':seq')) end
local function hashToMap(flat)
  local out = {}
  for i = 1, #flat, 2 do out[flat[i]] = flat[i + 1] end
  return out
end
-- A node's own count of something changes by d, never below zero; returns the change applied.
local function nodeDelta(hash, field, d)
  local before = num(redis.call('HGET', hash, field))
  local after = before + d
  if after < 0 then after = 0 end
  if after == 0 then redis.call('HDEL', hash, field) else redis.call('HSET', hash, field, after) end
  return after - before
end
-- A channel's subscribers cluster-wide change by d: occupied (unless re-occupied within the vacated delay) and vacated.
local function countDelta(channel, d, now, delay, events)
  if d == 0 then return end
  local before = num(redis.call('HGET', P .. ':count', channel))
  local after = before + d
  if after <= 0 then redis.call('HDEL', P .. ':count', channel) else redis.call('HSET', P .. ':count', channel, after) end
  if before <= 0 and after > 0 then
    if redis.call('ZREM', P .. ':pv', channel) == 0 then
      table.insert(events, 'channel_occupied'); table.insert(events, channel); table.insert(events, '')
    end
  elseif before > 0 and after <= 0 then
    if delay > 0 then
      redis.call('ZADD', P .. ':pv', now + delay, channel)
    else
      table.insert(events, 'channel_vacated'); table.insert(events, channel); table.insert(events, '')
    end
  end
end
-- A presence member's sockets cluster-wide change by d: member_added on the first, member_removed after the last.
local function memberDelta(channel, user, d, info, socket, events)
  if d == 0 then return end
  local mc = P .. ':mc:' .. channel
  local before = num(redis.call('HGET', mc, user))
  local after = before + d
  if after <= 0 then redis.call('HDEL', mc, user) else redis.call('HSET', mc, user, after) end
  if before <= 0 and after > 0 then
    redis.call('HSET', P .. ':m:' .. channel, user, info)
    local message = {t = 'ma', c = channel, u = user, i = info}
    if socket ~= '' then message.x = socket end
    publish(nextSeq(), cjson.encode(message))
    table.insert(events, 'member_added'); table.insert(events, channel); table.insert(events, user)
  elseif before > 0 and after <= 0 then
    redis.call('HDEL', P .. ':m:' .. channel, user)
    publish(nextSeq(), cjson.encode({t = 'mr', c = channel, u = user}))
    table.insert(events, 'member_removed'); table.insert(events, channel); table.insert(events, user)
  end
end
-- A signed-in user's nodes change by d (this node's set already changed): online on the first, offline after the last.
local function userDelta(user, d)
  if d == 0 then return end
  local after = redis.call('HINCRBY', P .. ':uc', user, d)
  if after <= 0 then redis.call('HDEL', P .. ':uc', user) end
  if d > 0 and after == d then publish(nextSeq(), cjson.encode({t = 'on', u = user})) end
  if d < 0 and after <= 0 then publish(nextSeq(), cjson.encode({t = 'off', u = user})) end
end
local function splitField(field)
  local at = string.find(field, '\\n', 1, true)
  return string.sub(field, 1, at - 1), string.sub(field, at + 1)
end
-- Takes back everything a node contributed (it died, or it replaces its state): members first, then counts.
local function removeNode(node, now, delay, events)
  local presence = redis.call('HGETALL', P .. ':np:' .. node)
  for i = 1, #presence, 2 do
    local channel, user = splitField(presence[i])
    memberDelta(channel, user, -num(presence[i + 1]), '', '', events)
  end
  local subs = redis.call('HGETALL', P .. ':ns:' .. node)
  for i = 1, #subs, 2 do countDelta(subs[i], -num(subs[i + 1]), now, delay, events) end
  for _, user in ipairs(redis.call('SMEMBERS', P .. ':nu:' .. node)) do userDelta(user, -1) end
  redis.call('DEL', P .. ':np:' .. node, P .. ':ns:' .. node, P .. ':nu:' .. node)
end
`;

/**
 * join: ARGV P, node, channel, presence ('1'/'0'), user id, user_info JSON, member cap, now, vacated delay, socket id.
 * Returns {'full'} when a new member would pass the cap, else {'ok', seq, events, members (flat hash, presence only)}.
 */
export const JOIN = `${PRELUDE}
local node, channel, presence = ARGV[2], ARGV[3], ARGV[4] == '1'
local user, info, cap, now, delay, socket = ARGV[5], ARGV[6], num(ARGV[7]), num(ARGV[8]), num(ARGV[9]), ARGV[10]
local events = {}
local members = {}
if presence then
  local m = P .. ':m:' .. channel
  if redis.call('HEXISTS', m, user) == 0 and redis.call('HLEN', m) >= cap then return {'full'} end
  memberDelta(channel, user, nodeDelta(P .. ':np:' .. node, channel .. '\\n' .. user, 1), info, socket, events)
end
countDelta(channel, nodeDelta(P .. ':ns:' .. node, channel, 1), now, delay, events)
if presence then members = redis.call('HGETALL', P .. ':m:' .. channel) end
return {'ok', currentSeq(), events, members}
`;

/** leave: ARGV P, node, channel, presence, user id, now, vacated delay. Returns {'ok', seq, events}. */
export const LEAVE = `${PRELUDE}
local node, channel, presence = ARGV[2], ARGV[3], ARGV[4] == '1'
local user, now, delay = ARGV[5], num(ARGV[6]), num(ARGV[7])
local events = {}
if presence then
  memberDelta(channel, user, nodeDelta(P .. ':np:' .. node, channel .. '\\n' .. user, -1), '', '', events)
end
countDelta(channel, nodeDelta(P .. ':ns:' .. node, channel, -1), now, delay, events)
return {'ok', currentSeq(), events}
`;

/**
 * sync: a node (re)joining replaces its whole contribution with what it holds now. ARGV P, node, now, vacated delay,
 * node TTL, description, number of channels, channel/count pairs, number of signed-in users, the users, then presence
 * channel/user/info/count quads.
 * Returns {'ok', seq, events}: only what changed for the cluster is announced.
 */
export const SYNC = `${PRELUDE}
local node, now, delay, ttl, description = ARGV[2], num(ARGV[3]), num(ARGV[4]), num(ARGV[5]), ARGV[6]
local channels = num(ARGV[7])
local events = {}
local newSubs, newPresence, infos, newUsers = {}, {}, {}, {}
local at = 8
for _ = 1, channels do newSubs[ARGV[at]] = num(ARGV[at + 1]); at = at + 2 end
local users = num(ARGV[at]); at = at + 1
for _ = 1, users do newUsers[ARGV[at]] = true; at = at + 1 end
while at + 3 <= #ARGV do
  local field = ARGV[at] .. '\\n' .. ARGV[at + 1]
  newPresence[field] = num(ARGV[at + 3]); infos[field] = ARGV[at + 2]; at = at + 4
end
local oldSubs = hashToMap(redis.call('HGETALL', P .. ':ns:' .. node))
local oldPresence = hashToMap(redis.call('HGETALL', P .. ':np:' .. node))
for channel, n in pairs(newSubs) do countDelta(channel, n - num(oldSubs[channel]), now, delay, events) end
for field, n in pairs(newPresence) do
  local channel, user = splitField(field)
  memberDelta(channel, user, n - num(oldPresence[field]), infos[field], '', events)
end
for field, n in pairs(oldPresence) do
  if newPresence[field] == nil then
    local channel, user = splitField(field)
    memberDelta(channel, user, -num(n), '', '', events)
  end
end
for channel, n in pairs(oldSubs) do
  if newSubs[channel] == nil then countDelta(channel, -num(n), now, delay, events) end
end
local oldUsers = {}
for _, user in ipairs(redis.call('SMEMBERS', P .. ':nu:' .. node)) do oldUsers[user] = true end
for user in pairs(newUsers) do if not oldUsers[user] then userDelta(user, 1) end end
for user in pairs(oldUsers) do if not newUsers[user] then userDelta(user, -1) end end
redis.call('DEL', P .. ':ns:' .. node, P .. ':np:' .. node, P .. ':nu:' .. node)
for user in pairs(newUsers) do redis.call('SADD', P .. ':nu:' .. node, user) end
for channel, n in pairs(newSubs) do redis.call('HSET', P .. ':ns:' .. node, channel, n) end
for field, n in pairs(newPresence) do redis.call('HSET', P .. ':np:' .. node, field, n) end
redis.call('HSET', P .. ':nodes', node, description)
redis.call('SET', P .. ':hb:' .. node, '1', 'PX', ttl)
return {'ok', currentSeq(), events}
`;

/**
 * heartbeat: ARGV P, node, TTL. {1, seq} while the node is in the cluster, {0, seq} once it was taken out (it must
 * sync again); seq lets the node forget change numbers no later answer can be older than.
 */
export const HEARTBEAT = `${PRELUDE}
if redis.call('HEXISTS', P .. ':nodes', ARGV[2]) == 0 then return {0, currentSeq()} end
redis.call('SET', P .. ':hb:' .. ARGV[2], '1', 'PX', num(ARGV[3]))
return {1, currentSeq()}
`;

/**
 * housekeeping: ARGV P, this node, now, vacated delay. Takes out every node whose heartbeat expired (its members
 * leave, its channels vacate), then sends the channel_vacated that are due. Returns {events, nodes taken out}.
 */
export const HOUSEKEEPING = `${PRELUDE}
local self, now, delay = ARGV[2], num(ARGV[3]), num(ARGV[4])
local events, reaped = {}, {}
for _, node in ipairs(redis.call('HKEYS', P .. ':nodes')) do
  if node ~= self and redis.call('EXISTS', P .. ':hb:' .. node) == 0 then
    removeNode(node, now, delay, events)
    redis.call('HDEL', P .. ':nodes', node)
    table.insert(reaped, node)
  end
end
for _, channel in ipairs(redis.call('ZRANGEBYSCORE', P .. ':pv', '-inf', now)) do
  redis.call('ZREM', P .. ':pv', channel)
  if redis.call('HEXISTS', P .. ':count', channel) == 0 then
    table.insert(events, 'channel_vacated'); table.insert(events, channel); table.insert(events, '')
  end
end
return {events, reaped}
`;

/**
 * depart: ARGV P, node, now. A node shutting down leaves the cluster: what it still holds is taken back, and when it
 * was the last node every pending channel_vacated is due now. Returns {events}.
 */
export const DEPART = `${PRELUDE}
local node, now = ARGV[2], num(ARGV[3])
local events = {}
removeNode(node, now, 0, events)
redis.call('HDEL', P .. ':nodes', node)
redis.call('DEL', P .. ':hb:' .. node)
if redis.call('HLEN', P .. ':nodes') == 0 then
  for _, channel in ipairs(redis.call('ZRANGE', P .. ':pv', 0, -1)) do
    if redis.call('HEXISTS', P .. ':count', channel) == 0 then
      table.insert(events, 'channel_vacated'); table.insert(events, channel); table.insert(events, '')
    end
  end
  redis.call('DEL', P .. ':pv')
end
return {events}
`;

/**
 * publish: ARGV P, cache TTL ms, then per event: bus message JSON, cache channel ('' when none).
 * Numbers and publishes the events in order (a cache channel's event is kept as its numbered bus text); returns the last number.
 */
export const PUBLISH = `${PRELUDE}
local ttl = num(ARGV[2])
local seq = 0
for at = 3, #ARGV, 2 do
  seq = nextSeq()
  if ARGV[at + 1] ~= '' then redis.call('SET', P .. ':cache:' .. ARGV[at + 1], seqText(seq) .. '|' .. ARGV[at], 'PX', ttl) end
  publish(seq, ARGV[at])
end
return seq
`;

/**
 * count: ARGV P, channel. Announces the channel's subscribers cluster-wide unless it is vacant or that number was
 * the last one announced: {1, count} (this node sends the webhook), else {0}.
 */
export const COUNT = `${PRELUDE}
local channel = ARGV[2]
local n = num(redis.call('HGET', P .. ':count', channel))
if n == 0 or num(redis.call('GET', P .. ':sc:' .. channel)) == n then return {0} end
redis.call('SET', P .. ':sc:' .. channel, n, 'PX', 86400000)
publish(nextSeq(), cjson.encode({t = 'sc', c = channel, n = n}))
return {1, n}
`;

/** user: ARGV P, node, user id, '1' (its first connection here signed in) or '0' (its last one here left). */
export const USER = `${PRELUDE}
local node, user = ARGV[2], ARGV[3]
if ARGV[4] == '1' then
  if redis.call('SADD', P .. ':nu:' .. node, user) == 1 then userDelta(user, 1) end
else
  if redis.call('SREM', P .. ':nu:' .. node, user) == 1 then userDelta(user, -1) end
end
return 1
`;

/** online: ARGV P, then user ids. Returns the ones signed in on some node. */
export const ONLINE = `${PRELUDE}
local out = {}
for at = 2, #ARGV do
  if redis.call('HEXISTS', P .. ':uc', ARGV[at]) == 1 then table.insert(out, ARGV[at]) end
end
return out
`;

/** members: ARGV P, channel. Returns {seq, members (flat hash)}: the members as of that change number. */
export const MEMBERS = `${PRELUDE}
return {currentSeq(), redis.call('HGETALL', P .. ':m:' .. ARGV[2])}
`;

/** stats: ARGV P, channel. Returns {subscriber sockets, members}. */
export const STATS = `${PRELUDE}
return {num(redis.call('HGET', P .. ':count', ARGV[2])), redis.call('HLEN', P .. ':m:' .. ARGV[2])}
`;

/** channels: ARGV P, name prefix. Returns flat {channel, subscriber sockets, members} triples of occupied channels. */
export const CHANNELS = `${PRELUDE}
local prefix = ARGV[2]
local out = {}
local counts = redis.call('HGETALL', P .. ':count')
for i = 1, #counts, 2 do
  local channel = counts[i]
  if string.sub(channel, 1, #prefix) == prefix then
    table.insert(out, channel); table.insert(out, num(counts[i + 1]))
    if string.sub(channel, 1, 9) == 'presence-' then table.insert(out, redis.call('HLEN', P .. ':m:' .. channel)) else table.insert(out, 0) end
  end
end
return out
`;

/** caches: ARGV P. Returns flat {channel, numbered bus text, remaining ms} of every cache channel's last event. */
export const CACHES = `${PRELUDE}
local out = {}
local cursor = '0'
local start = string.len(P .. ':cache:') + 1
repeat
  local page = redis.call('SCAN', cursor, 'MATCH', P .. ':cache:*', 'COUNT', 500)
  cursor = page[1]
  for _, key in ipairs(page[2]) do
    local value = redis.call('GET', key)
    if value then
      table.insert(out, string.sub(key, start)); table.insert(out, value); table.insert(out, redis.call('PTTL', key))
    end
  end
until cursor == '0'
return out
`;
