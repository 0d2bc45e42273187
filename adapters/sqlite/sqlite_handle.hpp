#pragma once
// Thin RAII wrappers over a sqlite3 connection and its prepared statements. They
// report failures as wm::failure and never throw.
#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "messages/result.hpp"

namespace wm::sqlite {

class statement {
 public:
  statement() = default;
  explicit statement(sqlite3_stmt* stmt) noexcept : stmt_(stmt) {}
  statement(statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  statement& operator=(statement&& other) noexcept;
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  ~statement();

  bool valid() const noexcept { return stmt_ != nullptr; }
  sqlite3_stmt* get() const noexcept { return stmt_; }

  // Binding: indexes start at 1 as in SQLite. Text is copied (SQLITE_TRANSIENT) unless
  // bind_text_static is used for data that outlives the next step().
  void bind(int index, int64_t value) noexcept;
  void bind(int index, std::string_view text) noexcept;
  void bind_text_static(int index, std::string_view text) noexcept;
  void bind_null(int index) noexcept;

  // One step: SQLITE_ROW, SQLITE_DONE, or an error code.
  int step() noexcept;
  // Resets and clears bindings so the statement can be reused.
  void reset() noexcept;

  int64_t column_int64(int col) const noexcept;
  double column_double(int col) const noexcept;
  std::string column_text(int col) const;
  bool column_is_null(int col) const noexcept;

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a cached statement when leaving a scope, so an early return cannot leave it
// holding a read transaction or stale bindings.
class statement_guard {
 public:
  explicit statement_guard(statement& stmt) noexcept : stmt_(stmt) {}
  ~statement_guard() { stmt_.reset(); }
  statement_guard(const statement_guard&) = delete;
  statement_guard& operator=(const statement_guard&) = delete;

 private:
  statement& stmt_;
};

class connection {
 public:
  connection() = default;
  connection(connection&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  connection& operator=(connection&& other) noexcept;
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  ~connection();

  // Opens (creating if needed) a database file for read-write use by one thread.
  static result<connection> open(const std::string& path);

  sqlite3* get() const noexcept { return db_; }
  std::string last_error() const;

  // Runs one or more statements with no results.
  status exec(std::string_view sql);
  result<statement> prepare(std::string_view sql);
  // Runs a query whose first row's first column is text (PRAGMAs); empty if no row.
  result<std::string> query_text(std::string_view sql);
  result<int64_t> query_int(std::string_view sql);

  // Failure built from the connection's last error, mapped to a wm::errc.
  failure error(std::string_view context, int rc) const;

 private:
  explicit connection(sqlite3* db) noexcept : db_(db) {}
  sqlite3* db_ = nullptr;
};

}  // namespace wm::sqlite
