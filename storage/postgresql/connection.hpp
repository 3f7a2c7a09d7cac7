#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// libpq's handles, declared here so that its header stays in storage/postgresql/*.cpp.
struct pg_conn;
struct pg_result;

namespace steward::storage::postgresql {

/// An error from the PostgreSQL server or from the connection to it. `sqlstate()` is the
/// server's five-character code ("23505" for a unique violation), empty for a connection error.
class error : public std::runtime_error {
 public:
  error(const std::string& what, std::string sqlstate, bool earlier = false)
      : std::runtime_error(what), sqlstate_(std::move(sqlstate)), earlier_(earlier) {}
  /// The SQLSTATE the server reported, or "" when the server was not reached.
  const std::string& sqlstate() const { return sqlstate_; }
  /// Whether it is the failure of an earlier statement sent without waiting (connection::send),
  /// reported by the call that waited next; its message names that statement.
  bool earlier() const { return earlier_; }

 private:
  std::string sqlstate_;
  bool earlier_;
};

/// A statement's parameter: text in PostgreSQL's input format, or NULL.
using parameter = std::optional<std::string>;

/// The rows of one query, as text (PostgreSQL's output format) with NULL kept apart.
class result {
 public:
  explicit result(pg_result* handle);
  ~result();
  result(result&& other) noexcept;
  result& operator=(result&&) = delete;
  result(const result&) = delete;
  result& operator=(const result&) = delete;

  /// Number of rows.
  int rows() const;
  /// Number of columns.
  int columns() const;
  /// Whether the value at (row, column) is NULL.
  bool is_null(int row, int column) const;
  /// The value at (row, column) as text ("" for NULL; check is_null where it matters).
  std::string_view text(int row, int column) const;
  /// The value at (row, column) as an integer (a boolean as 1 or 0); throws `error` when it is
  /// NULL or not a number.
  std::int64_t integer(int row, int column) const;
  /// A column's name.
  std::string column_name(int column) const;
  /// A column's type (its OID: 20 for BIGINT, 25 for TEXT, 701 for DOUBLE PRECISION, …).
  unsigned column_type(int column) const;
  /// Rows an INSERT, UPDATE or DELETE changed (0 for other statements).
  int changed_rows() const;

 private:
  pg_result* handle_;
};

/// One connection to a PostgreSQL server (libpq). Like SQLite's connections in Steward, a
/// connection belongs to one thread at a time.
class connection {
 public:
  /// Connects with a libpq connection string ("host=... dbname=..." or "postgresql://...");
  /// what it leaves out comes from the environment (PGHOST, PGPORT, PGUSER, PGPASSWORD,
  /// PGDATABASE), as for psql. Throws `error` naming the server it tried and libpq's reason.
  explicit connection(const std::string& conninfo);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  /// Runs SQL that returns no rows; it may hold several statements (migrations), run in the
  /// simple query protocol. Throws `error` with the server's message and SQLSTATE.
  void execute(std::string_view sql);
  /// Sends one statement (BEGIN, SAVEPOINT, …) without waiting for its answer: it goes out
  /// with the next call that waits (libpq's pipeline mode), which reports its failure. One
  /// round trip to the server then carries them all.
  void send(std::string_view sql, const std::vector<parameter>& params = {});
  /// Sends the statement prepared as `name` with `params` without waiting for its answer, as
  /// send(); `sql` names it in a failure reported later.
  void send_prepared(const std::string& name, const std::vector<parameter>& params,
                     std::string_view sql);
  /// Sends `sql` (one statement without parameters) after what was sent without waiting and
  /// waits for all of it: throws the first failure among them.
  void execute_after_sent(std::string_view sql);
  /// Waits for the answers to what was sent without waiting; throws the first failure.
  void settle();
  /// Waits for the answers to what was sent without waiting and forgets their failures: for a
  /// ROLLBACK that undoes them anyway.
  void discard_sent();
  /// Statements sent and not yet answered.
  std::size_t unanswered() const { return sent_.size(); }
  /// Runs one statement with `$1`, `$2`, … bound to `params` and returns its rows.
  result query(std::string_view sql, const std::vector<parameter>& params = {});
  /// Prepares `sql` on the server as `name`, its parameters of the given types (OIDs; 0 lets
  /// the server infer one from the statement).
  void prepare(const std::string& name, std::string_view sql, const std::vector<unsigned>& types);
  /// Runs the statement prepared as `name` with `params` and returns its rows.
  result run_prepared(const std::string& name, const std::vector<parameter>& params);
  /// Starts `COPY … FROM STDIN` (text format); rows then go in with copy_data and the copy
  /// ends with end_copy, which reports the server's verdict on all of them.
  void begin_copy(std::string_view copy_sql);
  /// Sends rows of the running COPY (whole lines, in COPY's text format).
  void copy_data(std::string_view rows);
  /// Ends the running COPY; throws `error` when the server refused a row.
  void end_copy();
  /// Where this connection goes, for messages: "host=… port=… dbname=… user=…".
  std::string where() const;
  /// The payloads of the notifications other sessions sent on the channels this session
  /// LISTENs to since the last call (read from what the socket holds: never waits).
  std::vector<std::string> notifications_from_others();
  /// The server's version as libpq reports it (150020 for 15.20).
  int server_version() const;
  /// Whether the connection is lost: the server went away or ended this session.
  bool lost() const;
  /// Connects again with the same parameters after a loss; throws `error` with libpq's reason
  /// while the server is still away. The server forgets a session's prepared statements with
  /// it: session() then counts one more, and statements prepare themselves again.
  void reconnect();
  /// Which session this is: 1 after connecting, one more after each reconnect().
  std::uint64_t session() const { return session_; }
  /// Counts the session as lost until the next reconnect() (its setup failed: a session
  /// without it must not be used).
  void abandon() { abandoned_ = true; }

 private:
  pg_conn* handle_ = nullptr;
  bool abandoned_ = false;
  std::uint64_t session_ = 1;
  std::vector<std::string> sent_;  // what went out without waiting, for its failure's message

  struct collecting;

  void enter_pipeline();
  std::optional<result> collect(bool keep_last);
  bool next_statement(collecting& c);
  bool take_answer(collecting& c, pg_result* res);
};

}  // namespace steward::storage::postgresql
