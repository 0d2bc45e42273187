#pragma once
// Pure translation between the documents vocabulary (messages/documents.hpp) and the
// store's write model (adapters/sqlite/write_op.hpp), so messages/ stays free of SQLite.
#include "adapters/sqlite/write_op.hpp"
#include "messages/documents.hpp"

namespace wm::store {

sqlite::write_op to_write_op(create_document_cmd cmd);
sqlite::write_op to_write_op(update_document_cmd cmd);
// `digest` is the new content's (the command sets a content).
sqlite::write_op to_write_op(update_document_cmd cmd, content_digest digest);
sqlite::write_op to_write_op(rename_document_cmd cmd);
sqlite::write_op to_write_op(move_document_cmd cmd);
sqlite::write_op to_delete_op(delete_document_cmd cmd);
sqlite::write_op to_undelete_op(delete_document_cmd cmd);
sqlite::write_op to_purge_op(delete_document_cmd cmd);
sqlite::write_op to_write_op(restore_cmd cmd);
sqlite::write_op to_write_op(find_replace_cmd cmd);
sqlite::write_op to_write_op(create_project_cmd cmd);

write_ack to_ack(sqlite::write_outcome outcome);

}  // namespace wm::store
