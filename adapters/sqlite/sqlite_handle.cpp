#include "adapters/sqlite/sqlite_handle.hpp"

namespace wm::sqlite {

statement& statement::operator=(statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

statement::~statement() {
  sqlite3_finalize(stmt_);
}

void statement::bind(int index, int64_t value) noexcept {
  sqlite3_bind_int64(stmt_, index, value);
}

void statement::bind(int index, std::string_view text) noexcept {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void statement::bind_text_static(int index, std::string_view text) noexcept {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
}

void statement::bind_null(int index) noexcept {
  sqlite3_bind_null(stmt_, index);
}

int statement::step() noexcept {
  return sqlite3_step(stmt_);
}

void statement::reset() noexcept {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

int64_t statement::column_int64(int col) const noexcept {
  return sqlite3_column_int64(stmt_, col);
}

double statement::column_double(int col) const noexcept {
  return sqlite3_column_double(stmt_, col);
}

std::string statement::column_text(int col) const {
  auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (text == nullptr) return {};
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

bool statement::column_is_null(int col) const noexcept {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

connection& connection::operator=(connection&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = other.db_;
    other.db_ = nullptr;
  }
  return *this;
}

connection::~connection() {
  sqlite3_close_v2(db_);
}

result<connection> connection::open(const std::string& path) {
  sqlite3* db = nullptr;
  int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  connection conn(db);  // closes db on every path, even a failed open
  if (rc != SQLITE_OK) {
    if (db == nullptr) return make_failure(errc::internal, "sqlite: out of memory opening " + path);
    return conn.error("open " + path, rc);
  }
  sqlite3_extended_result_codes(db, 1);
  return conn;
}

std::string connection::last_error() const {
  return db_ != nullptr ? sqlite3_errmsg(db_) : "no connection";
}

failure connection::error(std::string_view context, int rc) const {
  errc code = errc::internal;
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = errc::unavailable;
      break;
    case SQLITE_TOOBIG:
      code = errc::payload_too_large;
      break;
    default:
      break;
  }
  std::string msg = "sqlite: ";
  msg.append(context);
  msg += ": ";
  msg += sqlite3_errstr(rc);
  if (db_ != nullptr && sqlite3_errcode(db_) == rc) {
    msg += " (";
    msg += sqlite3_errmsg(db_);
    msg += ")";
  }
  return make_failure(code, std::move(msg));
}

status connection::exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    failure f = error("exec", rc);
    f.message += ": " + msg;
    return f;
  }
  return {};
}

result<statement> connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return error("prepare", rc);
  }
  return statement(stmt);
}

result<std::string> connection::query_text(std::string_view sql) {
  auto stmt = prepare(sql);
  if (!stmt) return std::move(stmt).error();
  std::string out;
  bool first = true;
  for (;;) {
    int rc = stmt->step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return error("query", rc);
    // Multi-row PRAGMAs (integrity_check) are joined with newlines.
    if (!first) out += '\n';
    out += stmt->column_text(0);
    first = false;
  }
  return out;
}

result<int64_t> connection::query_int(std::string_view sql) {
  auto stmt = prepare(sql);
  if (!stmt) return std::move(stmt).error();
  int rc = stmt->step();
  if (rc == SQLITE_ROW) return stmt->column_int64(0);
  if (rc == SQLITE_DONE) return int64_t{0};
  return error("query", rc);
}

}  // namespace wm::sqlite
