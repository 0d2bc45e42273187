#include "messages/type_registry.hpp"

#include "messages/ai.hpp"
#include "messages/caf_error.hpp"
#include "messages/cluster.hpp"
#include "messages/content_digest.hpp"
#include "messages/document.hpp"
#include "messages/documents.hpp"
#include "messages/interfaces.hpp"
#include "messages/shutdown.hpp"
#include "messages/supervision.hpp"
#include "messages/text_stats.hpp"

namespace wm {

void register_message_types(caf::actor_system_config& cfg) {
  cfg.add_error_category(errc_category, render_errc);
  cfg.add_message_type<child_info>("wm.child_info")
      .add_message_type<shutdown_phase>("wm.shutdown_phase")
      .add_message_type<shutdown_step>("wm.shutdown_step")
      .add_message_type<shutdown_report>("wm.shutdown_report")
      .add_message_type<document>("wm.document")
      .add_message_type<document_summary>("wm.document_summary")
      .add_message_type<revision>("wm.revision")
      .add_message_type<project>("wm.project")
      .add_message_type<list_query>("wm.list_query")
      .add_message_type<document_page>("wm.document_page")
      .add_message_type<search_hit>("wm.search_hit")
      .add_message_type<text_stats>("wm.text_stats")
      .add_message_type<std::vector<revision>>("wm.revision_list")
      .add_message_type<std::vector<search_hit>>("wm.search_hit_list")
      .add_message_type<std::vector<project>>("wm.project_list")
      .add_message_type<create_document_cmd>("wm.create_document_cmd")
      .add_message_type<update_document_cmd>("wm.update_document_cmd")
      .add_message_type<content_digest>("wm.content_digest")
      .add_message_type<text_edit>("wm.text_edit")
      .add_message_type<patch_document_cmd>("wm.patch_document_cmd")
      .add_message_type<rename_document_cmd>("wm.rename_document_cmd")
      .add_message_type<move_document_cmd>("wm.move_document_cmd")
      .add_message_type<delete_document_cmd>("wm.delete_document_cmd")
      .add_message_type<history_query>("wm.history_query")
      .add_message_type<restore_cmd>("wm.restore_cmd")
      .add_message_type<find_replace_cmd>("wm.find_replace_cmd")
      .add_message_type<find_replace_result>("wm.find_replace_result")
      .add_message_type<create_project_cmd>("wm.create_project_cmd")
      .add_message_type<write_ack>("wm.write_ack")
      .add_message_type<file_progress>("wm.file_progress")
      .add_message_type<imported_file>("wm.imported_file")
      .add_message_type<skipped_file>("wm.skipped_file")
      .add_message_type<import_report>("wm.import_report")
      .add_message_type<export_report>("wm.export_report")
      .add_message_type<progress_listener_actor>("wm.progress_listener_actor")
      .add_message_type<store_actor>("wm.store_actor")
      .add_message_type<documents_actor>("wm.documents_actor")
      .add_message_type<chat_message>("wm.chat_message")
      .add_message_type<completion_request>("wm.completion_request")
      .add_message_type<token_usage>("wm.token_usage")
      .add_message_type<completion_chunk>("wm.completion_chunk")
      .add_message_type<completion_result>("wm.completion_result")
      .add_message_type<breaker_report>("wm.breaker_report")
      .add_message_type<std::vector<breaker_report>>("wm.breaker_report_list")
      .add_message_type<usage_report>("wm.usage_report")
      .add_message_type<std::vector<usage_report>>("wm.usage_report_list")
      .add_message_type<writing_op>("wm.writing_op")
      .add_message_type<transfer_head>("wm.transfer_head")
      .add_message_type<transfer_body>("wm.transfer_body")
      .add_message_type<transfer_end>("wm.transfer_end")
      .add_message_type<stream_sink_actor>("wm.stream_sink_actor")
      .add_message_type<provider_actor>("wm.provider_actor")
      .add_message_type<gateway_actor>("wm.gateway_actor")
      .add_message_type<shutdown_subscriber_actor>("wm.shutdown_subscriber_actor")
      .add_message_type<supervisor_actor>("wm.supervisor_actor")
      .add_message_type<cluster_hello>("wm.cluster_hello")
      .add_message_type<member_info>("wm.member_info")
      .add_message_type<std::vector<member_info>>("wm.member_info_list");
}

}  // namespace wm
