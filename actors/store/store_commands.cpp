#include "actors/store/store_commands.hpp"

#include <optional>
#include <utility>
#include <variant>

namespace wm::store {

namespace {

// 0 means "no version check" in the messages; the store uses nullopt for that.
std::optional<uint64_t> optional_version(uint64_t v) {
  return v == 0 ? std::nullopt : std::optional<uint64_t>{v};
}

}  // namespace

sqlite::write_op to_write_op(create_document_cmd cmd) {
  return sqlite::create_document_op{std::move(cmd.id),         std::move(cmd.title),
                                    std::move(cmd.content),    std::move(cmd.content_type),
                                    std::move(cmd.project_id), std::move(cmd.author)};
}

sqlite::write_op to_write_op(update_document_cmd cmd) {
  sqlite::update_document_op op;
  op.id = std::move(cmd.id);
  op.expected_version = cmd.expected_version;
  if (cmd.set_title) op.title = std::move(cmd.title);
  if (cmd.set_content) op.content = std::move(cmd.content);
  op.author = std::move(cmd.author);
  return op;
}

sqlite::write_op to_write_op(update_document_cmd cmd, content_digest digest) {
  auto op = std::get<sqlite::update_document_op>(to_write_op(std::move(cmd)));
  if (op.content) op.digest = std::move(digest);
  return op;
}

sqlite::write_op to_write_op(rename_document_cmd cmd) {
  return sqlite::rename_document_op{std::move(cmd.id), std::move(cmd.title),
                                    optional_version(cmd.expected_version), std::move(cmd.author)};
}

sqlite::write_op to_write_op(move_document_cmd cmd) {
  return sqlite::move_document_op{std::move(cmd.id), std::move(cmd.project_id),
                                  optional_version(cmd.expected_version)};
}

sqlite::write_op to_delete_op(delete_document_cmd cmd) {
  return sqlite::delete_document_op{std::move(cmd.id), optional_version(cmd.expected_version)};
}

sqlite::write_op to_undelete_op(delete_document_cmd cmd) {
  return sqlite::undelete_document_op{std::move(cmd.id)};
}

sqlite::write_op to_purge_op(delete_document_cmd cmd) {
  return sqlite::purge_document_op{std::move(cmd.id)};
}

sqlite::write_op to_write_op(restore_cmd cmd) {
  return sqlite::restore_revision_op{std::move(cmd.id), cmd.version,
                                     optional_version(cmd.expected_version), std::move(cmd.author)};
}

sqlite::write_op to_write_op(find_replace_cmd cmd) {
  return sqlite::find_replace_op{
      std::move(cmd.id), cmd.expected_version, std::move(cmd.find), std::move(cmd.replace),
      cmd.all,           std::move(cmd.author)};
}

sqlite::write_op to_write_op(create_project_cmd cmd) {
  return sqlite::create_project_op{std::move(cmd.id), std::move(cmd.name),
                                   std::move(cmd.description)};
}

write_ack to_ack(sqlite::write_outcome o) {
  return write_ack{std::move(o.id),           o.version,   o.changed, o.replacements,
                   std::move(o.content_hash), o.updated_at};
}

}  // namespace wm::store
