#include "storage/postgresql/connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>

#include "bot/core/log.hpp"

namespace steward::storage::postgresql {

namespace {

// libpq's messages end with a newline (and sometimes carry a second line of detail).
std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

std::string field_or(const PGresult* res, int code, const char* fallback) {
  const char* value = PQresultErrorField(res, code);
  return value ? value : fallback;
}

bool succeeded(const PGresult* res) {
  const auto status = PQresultStatus(res);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

// The failure `res` reports (or the connection's, when there is no result), naming `sql`.
error failure_of(const PGresult* res, pg_conn* conn, std::string_view sql, bool earlier = false) {
  std::string message = res ? trimmed(PQresultErrorMessage(res)) : trimmed(PQerrorMessage(conn));
  if (message.empty()) message = trimmed(PQerrorMessage(conn));
  std::string sqlstate = res ? field_or(res, PG_DIAG_SQLSTATE, "") : "";
  constexpr std::size_t shown = 120;
  std::string statement(sql.substr(0, shown));
  if (sql.size() > shown) statement += "…";
  return error(message + " (in: " + statement + ")", std::move(sqlstate), earlier);
}

// Throws unless `res` says the statement succeeded; frees it when it throws (and only then).
void check(PGresult* res, pg_conn* conn, std::string_view sql) {
  if (succeeded(res)) return;
  auto failure = failure_of(res, conn, sql);
  PQclear(res);
  throw failure;
}

std::vector<const char*> values_of(const std::vector<parameter>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params)
    values.push_back(p ? p->c_str() : nullptr);
  return values;
}

// At most this many statements wait for their answers: the rest of a long run of writes waits
// for them first, so what the server answers never fills the socket while libpq still sends.
constexpr std::size_t max_unanswered = 256;

// The server's notices ("drop cascades to table …", "relation already exists, skipping") are
// not errors; libpq would print each to stderr, across Steward's structured log.
void ignore_notice(void*, const char*) {}

}  // namespace

result::result(pg_result* handle) : handle_(handle) {}
result::~result() {
  PQclear(handle_);
}
result::result(result&& other) noexcept : handle_(other.handle_) {
  other.handle_ = nullptr;
}
int result::rows() const {
  return PQntuples(handle_);
}
int result::columns() const {
  return PQnfields(handle_);
}
bool result::is_null(int row, int column) const {
  return PQgetisnull(handle_, row, column) != 0;
}

std::string_view result::text(int row, int column) const {
  return {PQgetvalue(handle_, row, column),
          static_cast<std::size_t>(PQgetlength(handle_, row, column))};
}

std::int64_t result::integer(int row, int column) const {
  const auto value = text(row, column);
  // A comparison is a boolean on PostgreSQL and 1 or 0 on SQLite: read it as SQLite gives it.
  constexpr unsigned bool_oid = 16;
  if (!is_null(row, column) && column_type(column) == bool_oid) return value == "t" ? 1 : 0;
  std::int64_t out = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (is_null(row, column) || ec != std::errc{} || end != value.data() + value.size())
    throw error("column " + std::string(PQfname(handle_, column)) + " of row " +
                    std::to_string(row) + " is not an integer: '" + std::string(value) + "'",
                "");
  return out;
}

std::string result::column_name(int column) const {
  return PQfname(handle_, column);
}
unsigned result::column_type(int column) const {
  return PQftype(handle_, column);
}

int result::changed_rows() const {
  const char* count = PQcmdTuples(handle_);
  return count && *count ? std::atoi(count) : 0;
}

connection::connection(const std::string& conninfo) : handle_(PQconnectdb(conninfo.c_str())) {
  if (handle_ && PQstatus(handle_) == CONNECTION_OK) {
    PQsetNoticeProcessor(handle_, ignore_notice, nullptr);
    return;
  }
  std::string reason = handle_ ? trimmed(PQerrorMessage(handle_)) : "out of memory";
  // Name the server even when libpq's own message does not (a bad option, say).
  std::string target = handle_ ? where() : conninfo;
  PQfinish(handle_);
  handle_ = nullptr;
  throw error("cannot connect to PostgreSQL (" + target + "): " + reason, "");
}

connection::~connection() {
  PQfinish(handle_);
}

void connection::execute(std::string_view sql) {
  settle();  // the simple query protocol is not allowed in pipeline mode
  const std::string text(sql);
  PGresult* res = PQexec(handle_, text.c_str());
  check(res, handle_, sql);
  PQclear(res);
}

result connection::query(std::string_view sql, const std::vector<parameter>& params) {
  if (!sent_.empty()) {  // one round trip with what waits for its answers
    send(sql, params);
    return *collect(true);
  }
  const auto values = values_of(params);
  const std::string text(sql);
  PGresult* res = PQexecParams(handle_, text.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0);
  check(res, handle_, sql);
  return result(res);
}

void connection::enter_pipeline() {
  if (!sent_.empty()) return;
  if (PQpipelineStatus(handle_) == PQ_PIPELINE_OFF && PQenterPipelineMode(handle_) != 1)
    throw error(
        "cannot send without waiting (" + where() + "): " + trimmed(PQerrorMessage(handle_)), "");
}

void connection::send(std::string_view sql, const std::vector<parameter>& params) {
  if (sent_.size() >= max_unanswered) settle();
  enter_pipeline();
  const auto values = values_of(params);
  const std::string text(sql);
  if (PQsendQueryParams(handle_, text.c_str(), static_cast<int>(values.size()), nullptr,
                        values.data(), nullptr, nullptr, 0) != 1)
    throw failure_of(nullptr, handle_, sql);
  sent_.emplace_back(sql);
}

void connection::send_prepared(const std::string& name, const std::vector<parameter>& params,
                               std::string_view sql) {
  if (sent_.size() >= max_unanswered) settle();
  enter_pipeline();
  const auto values = values_of(params);
  if (PQsendQueryPrepared(handle_, name.c_str(), static_cast<int>(values.size()), values.data(),
                          nullptr, nullptr, 0) != 1)
    throw failure_of(nullptr, handle_, sql);
  sent_.emplace_back(sql);
}

void connection::execute_after_sent(std::string_view sql) {
  send(sql);
  collect(false);
}

void connection::settle() {
  collect(false);
}

void connection::discard_sent() {
  try {
    collect(false);
  } catch (const error&) {
    // Undone by the rollback that follows; a lost connection is found by that rollback too.
  }
}

// What collect() has read so far of the answers to the statements sent without waiting.
struct connection::collecting {
  std::vector<std::string> sent;
  bool keep_last = false;
  std::optional<error> failure;  // the first failure, kept while the rest is read
  PGresult* last = nullptr;      // the last statement's rows (keep_last)
  std::size_t index = 0;         // the statement whose answers are being read

  const std::string& statement() const { return sent[std::min(index, sent.size() - 1)]; }
};

// Sends a sync and reads every answer up to it, in the order sent: a failed statement's error
// is kept (the server skips the rest up to the sync, answering "aborted"), the last statement's
// rows when asked. Leaves pipeline mode, so the plain calls can run again.
std::optional<result> connection::collect(bool keep_last) {
  if (sent_.empty()) return std::nullopt;
  collecting c{std::move(sent_), keep_last};
  sent_.clear();
  if (PQpipelineSync(handle_) != 1) {
    abandoned_ = true;  // its answers cannot be told apart from the next ones: start afresh
    c.failure = failure_of(nullptr, handle_, c.sent.back(), true);
  }
  while (!c.failure || (!abandoned_ && PQstatus(handle_) == CONNECTION_OK)) {
    PGresult* res = PQgetResult(handle_);
    if (res == nullptr ? !next_statement(c) : !take_answer(c, res)) break;
  }
  if (PQpipelineStatus(handle_) != PQ_PIPELINE_OFF && PQexitPipelineMode(handle_) != 1)
    abandoned_ = true;  // answers left uncollected: the plain calls would fail on this session
  if (c.failure) {
    PQclear(c.last);
    throw *c.failure;
  }
  if (!keep_last) {
    PQclear(c.last);
    return std::nullopt;
  }
  return result(c.last);
}

// The end of one statement's answers: false when there is nothing more to read.
bool connection::next_statement(collecting& c) {
  if (PQstatus(handle_) != CONNECTION_OK) {
    if (!c.failure) c.failure = failure_of(nullptr, handle_, c.statement());
    return false;
  }
  if (++c.index <= c.sent.size()) return true;
  // libpq has nothing more to give, yet the sync's answer never came (seen when the server
  // shut down under an answer: its last error came, the socket's end did not yet): waiting
  // would spin for ever. Counted as a lost connection, so the batch is answered 503 (the
  // platform redelivers it) and the session is started afresh.
  abandoned_ = true;
  if (!c.failure) {
    c.failure =
        error("lost track of the server's answers (" + where() + ") after " +
                  std::to_string(c.sent.size()) +
                  " statements sent without waiting, the last: " + c.sent.back().substr(0, 120),
              "", true);
    core::log_error("storage.lost_track", c.failure->what(),
                    {core::field("pipeline", static_cast<int>(PQpipelineStatus(handle_)))});
  }
  return false;
}

// One answer (taken over): false at the sync's, which ends the pipeline's answers.
bool connection::take_answer(collecting& c, PGresult* res) {
  const auto status = PQresultStatus(res);
  if (status == PGRES_PIPELINE_SYNC) {
    PQclear(res);
    return false;
  }
  if (succeeded(res) && c.keep_last && c.index + 1 == c.sent.size()) {
    PQclear(c.last);
    c.last = res;
    return true;
  }
  if (!succeeded(res) && status != PGRES_PIPELINE_ABORTED && !c.failure) {
    const auto at = std::min(c.index, c.sent.size() - 1);
    c.failure = failure_of(res, handle_, c.sent[at], c.keep_last ? at + 1 < c.sent.size() : true);
  }
  PQclear(res);
  return true;
}

void connection::prepare(const std::string& name, std::string_view sql,
                         const std::vector<unsigned>& types) {
  settle();
  const std::string text(sql);
  std::vector<Oid> oids(types.begin(), types.end());
  PGresult* res =
      PQprepare(handle_, name.c_str(), text.c_str(), static_cast<int>(oids.size()), oids.data());
  check(res, handle_, sql);
  PQclear(res);
}

result connection::run_prepared(const std::string& name, const std::vector<parameter>& params) {
  if (!sent_.empty()) {  // one round trip with what waits for its answers
    send_prepared(name, params, name);
    return *collect(true);
  }
  const auto values = values_of(params);
  PGresult* res = PQexecPrepared(handle_, name.c_str(), static_cast<int>(values.size()),
                                 values.data(), nullptr, nullptr, 0);
  check(res, handle_, name);
  return result(res);
}

void connection::begin_copy(std::string_view copy_sql) {
  settle();
  const std::string text(copy_sql);
  PGresult* res = PQexec(handle_, text.c_str());
  if (PQresultStatus(res) == PGRES_COPY_IN) {
    PQclear(res);
    return;
  }
  check(res, handle_, copy_sql);
  PQclear(res);
  throw error("not a COPY FROM STDIN: " + text, "");
}

void connection::copy_data(std::string_view rows) {
  if (PQputCopyData(handle_, rows.data(), static_cast<int>(rows.size())) != 1)
    throw error("sending COPY data failed: " + trimmed(PQerrorMessage(handle_)), "");
}

void connection::end_copy() {
  if (PQputCopyEnd(handle_, nullptr) != 1)
    throw error("ending COPY failed: " + trimmed(PQerrorMessage(handle_)), "");
  PGresult* res = PQgetResult(handle_);
  check(res, handle_, "COPY");
  PQclear(res);
  // The copy's last result is followed by a null one.
  while ((res = PQgetResult(handle_)) != nullptr)
    PQclear(res);
}

std::string connection::where() const {
  auto part = [](const char* value) { return std::string(value && *value ? value : "?"); };
  return "host=" + part(PQhost(handle_)) + " port=" + part(PQport(handle_)) +
         " dbname=" + part(PQdb(handle_)) + " user=" + part(PQuser(handle_));
}

std::vector<std::string> connection::notifications_from_others() {
  std::vector<std::string> heard;
  // A connection that broke is found out by the next statement, not here.
  if (PQconsumeInput(handle_) == 0) return heard;
  const int own = PQbackendPID(handle_);
  while (PGnotify* note = PQnotifies(handle_)) {
    if (note->be_pid != own) heard.emplace_back(note->extra);
    PQfreemem(note);
  }
  return heard;
}

int connection::server_version() const {
  return PQserverVersion(handle_);
}

bool connection::lost() const {
  return abandoned_ || PQstatus(handle_) != CONNECTION_OK;
}

void connection::reconnect() {
  sent_.clear();  // gone with the session
  PQreset(handle_);
  if (PQpipelineStatus(handle_) != PQ_PIPELINE_OFF) PQexitPipelineMode(handle_);
  if (PQstatus(handle_) != CONNECTION_OK) {
    throw error(
        "cannot reconnect to PostgreSQL (" + where() + "): " + trimmed(PQerrorMessage(handle_)),
        "");
  }
  abandoned_ = false;
  ++session_;
}

}  // namespace steward::storage::postgresql
