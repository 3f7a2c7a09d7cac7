#include "storage/postgresql/connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>

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

// Throws unless `res` says the statement succeeded; frees it when it throws (and only then).
void check(PGresult* res, pg_conn* conn, std::string_view sql) {
  const auto status = PQresultStatus(res);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
  std::string message = res ? trimmed(PQresultErrorMessage(res)) : trimmed(PQerrorMessage(conn));
  std::string sqlstate = res ? field_or(res, PG_DIAG_SQLSTATE, "") : "";
  PQclear(res);
  constexpr std::size_t shown = 120;
  std::string statement(sql.substr(0, shown));
  if (sql.size() > shown) statement += "…";
  throw error(message + " (in: " + statement + ")", std::move(sqlstate));
}

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
  const std::string text(sql);
  PGresult* res = PQexec(handle_, text.c_str());
  check(res, handle_, sql);
  PQclear(res);
}

result connection::query(std::string_view sql, const std::vector<parameter>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params)
    values.push_back(p ? p->c_str() : nullptr);
  const std::string text(sql);
  PGresult* res = PQexecParams(handle_, text.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0);
  check(res, handle_, sql);
  return result(res);
}

void connection::prepare(const std::string& name, std::string_view sql,
                         const std::vector<unsigned>& types) {
  const std::string text(sql);
  std::vector<Oid> oids(types.begin(), types.end());
  PGresult* res =
      PQprepare(handle_, name.c_str(), text.c_str(), static_cast<int>(oids.size()), oids.data());
  check(res, handle_, sql);
  PQclear(res);
}

result connection::run_prepared(const std::string& name, const std::vector<parameter>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params)
    values.push_back(p ? p->c_str() : nullptr);
  PGresult* res = PQexecPrepared(handle_, name.c_str(), static_cast<int>(values.size()),
                                 values.data(), nullptr, nullptr, 0);
  check(res, handle_, name);
  return result(res);
}

void connection::begin_copy(std::string_view copy_sql) {
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
  PQreset(handle_);
  if (PQstatus(handle_) != CONNECTION_OK) {
    throw error(
        "cannot reconnect to PostgreSQL (" + where() + "): " + trimmed(PQerrorMessage(handle_)),
        "");
  }
  abandoned_ = false;
  ++session_;
}

}  // namespace steward::storage::postgresql
