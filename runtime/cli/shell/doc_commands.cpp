// `doc new|get|put|rm|undelete|ls|history|restore|search|stats|import|export` over the documents
// service (services::documents). Paths of import/export are the runtime's: with --connect,
// they are on the node's machine.
#include <caf/all.hpp>

#include <algorithm>
#include <map>
#include <memory>

#include "adapters/codecs/json_writer.hpp"
#include "adapters/files/whole_file.hpp"
#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"
#include "runtime/cli/progress_bar.hpp"
#include "runtime/cli/shell/ask.hpp"
#include "runtime/cli/shell/command_args.hpp"
#include "runtime/cli/shell/command_context.hpp"
#include "runtime/cli/shell/doc_access.hpp"
#include "runtime/logging/time_format.hpp"

namespace wm::shell {

namespace {

constexpr auto timeout = std::chrono::seconds(30);
constexpr auto long_timeout = std::chrono::minutes(30);
constexpr uint64_t max_u32 = UINT32_MAX;

documents_actor documents_of(command_context& ctx) {
  return caf::actor_cast<documents_actor>(ctx.conn.service(services::documents));
}

template <class R, class... Ts>
result<R> ask_docs(command_context& ctx, std::chrono::milliseconds t, Ts&&... xs) {
  auto docs = documents_of(ctx);
  if (!docs) return failure{errc::unavailable, "the documents service is not running"};
  return ask<R>(ctx.conn.system(), docs, t, std::forward<Ts>(xs)...);
}

void document_json(codecs::json_writer& w, const document& d, bool with_content = true) {
  w.begin_object();
  w.key("id").value(d.id).key("project_id").value(d.project_id);
  w.key("title").value(d.title).key("content_type").value(d.content_type);
  if (with_content) w.key("content").value(d.content);
  w.key("content_hash").value(d.content_hash).key("version").value(d.version);
  w.key("created_at").value(iso8601_utc(d.created_at));
  w.key("updated_at").value(iso8601_utc(d.updated_at));
  w.key("created_by").value(d.created_by).key("updated_by").value(d.updated_by);
  w.key("deleted").value(d.deleted);
  w.end_object();
}

reply document_reply(const document& d, const std::string& verb) {
  codecs::json_writer w;
  document_json(w, d, false);
  return {verb + " " + d.id + " v" + std::to_string(d.version) + " \"" + d.title + "\"", w.take()};
}

// --content TEXT or --file PATH (read here, on the shell's side); nullopt when neither.
result<std::optional<std::string>> content_option(const command_args& args) {
  const auto* text = args.value("--content");
  const auto* file = args.value("--file");
  if (text && file) return failure{errc::invalid_input, "give --content or --file, not both"};
  if (text) return std::optional<std::string>{*text};
  if (file) {
    auto body = files::read_whole_file(*file);
    if (!body) return std::move(body).error();
    return std::optional<std::string>{std::move(*body)};
  }
  return std::optional<std::string>{};
}

failure usage(const std::string& line) {
  return failure{errc::invalid_input, "usage: " + line};
}

result<reply> doc_new(command_context& ctx, const std::vector<std::string>& words) {
  const std::string u = "doc new TITLE [--type TYPE] [--content TEXT | --file PATH] [--project ID]";
  auto args = parse_command_args(words, 2, {"--type", "--content", "--file", "--project"}, {});
  if (!args) return std::move(args).error();
  if (args->positional.size() != 1) return usage(u);
  create_document_cmd cmd;
  cmd.title = args->positional[0];
  if (const auto* t = args->value("--type")) cmd.content_type = *t;
  if (const auto* p = args->value("--project")) cmd.project_id = *p;
  auto content = content_option(*args);
  if (!content) return std::move(content).error();
  if (*content) cmd.content = std::move(**content);
  cmd.author = "shell";
  auto doc = ask_docs<document>(ctx, timeout, create_atom::value, std::move(cmd));
  if (!doc) return std::move(doc).error();
  return document_reply(*doc, "created");
}

result<reply> doc_get(command_context& ctx, const std::vector<std::string>& words) {
  auto args = parse_command_args(words, 2, {}, {"--content-only"});
  if (!args) return std::move(args).error();
  if (args->positional.size() != 1) return usage("doc get ID [--content-only]");
  auto doc = ask_docs<document>(ctx, timeout, get_atom::value, args->positional[0]);
  if (!doc) return std::move(doc).error();
  reply r;
  if (args->has("--content-only")) {
    r.text = doc->content;
  } else {
    r.text = "id:      " + doc->id + "\ntitle:   " + doc->title +
             "\ntype:    " + doc->content_type + "\nversion: " + std::to_string(doc->version) +
             "\nupdated: " + iso8601_utc(doc->updated_at) + (doc->deleted ? " (deleted)" : "") +
             "\n\n" + doc->content;
  }
  codecs::json_writer w;
  document_json(w, *doc);
  r.json = w.take();
  return r;
}

result<reply> doc_put(command_context& ctx, const std::vector<std::string>& words) {
  const std::string u =
      "doc put ID [--content TEXT | --file PATH] [--title TITLE] [--expect-version N]";
  auto args =
      parse_command_args(words, 2, {"--content", "--file", "--title", "--expect-version"}, {});
  if (!args) return std::move(args).error();
  if (args->positional.size() != 1) return usage(u);
  update_document_cmd cmd;
  cmd.id = args->positional[0];
  auto content = content_option(*args);
  if (!content) return std::move(content).error();
  if (*content) {
    cmd.set_content = true;
    cmd.content = std::move(**content);
  }
  if (const auto* t = args->value("--title")) {
    cmd.set_title = true;
    cmd.title = *t;
  }
  if (!cmd.set_content && !cmd.set_title)
    return failure{errc::invalid_input, "nothing to change: give --content, --file or --title"};
  auto expected = args->number("--expect-version", UINT64_MAX);
  if (!expected) return std::move(expected).error();
  if (*expected) {
    cmd.expected_version = **expected;
  } else {
    // Without --expect-version the shell writes over the version it reads now (a conflict
    // is still reported if someone writes in between).
    auto current = ask_docs<document>(ctx, timeout, get_atom::value, cmd.id);
    if (!current) return std::move(current).error();
    cmd.expected_version = current->version;
  }
  cmd.author = "shell";
  auto doc = ask_docs<document>(ctx, timeout, update_atom::value, std::move(cmd));
  if (!doc) return std::move(doc).error();
  return document_reply(*doc, "updated");
}

result<reply> doc_rm(command_context& ctx, const std::vector<std::string>& words) {
  auto args = parse_command_args(words, 2, {"--expect-version"}, {});
  if (!args) return std::move(args).error();
  if (args->positional.size() != 1) return usage("doc rm ID [--expect-version N]");
  delete_document_cmd cmd;
  cmd.id = args->positional[0];
  auto expected = args->number("--expect-version", UINT64_MAX);
  if (!expected) return std::move(expected).error();
  if (*expected) cmd.expected_version = **expected;
  auto doc = ask_docs<document>(ctx, timeout, delete_atom::value, std::move(cmd));
  if (!doc) return std::move(doc).error();
  return document_reply(*doc, "deleted");
}

result<reply> doc_undelete(command_context& ctx, const std::vector<std::string>& words) {
  auto args = parse_command_args(words, 2, {}, {});
  if (!args) return std::move(args).error();
  if (args->positional.size() != 1) return usage("doc undelete ID");
  auto doc = ask_docs<document>(ctx, timeout, undelete_atom::value,
                                delete_document_cmd{args->positional[0], 0});
  if (!doc) return std::move(doc).error();
  return document_reply(*doc, "undeleted");
}

result<reply> doc_ls(command_context& ctx, const std::vector<std::string>& words) {
  auto args =
      parse_command_args(words, 2, {"--offset", "--limit", "--project", "--after"}, {"--deleted"});
  if (!args) return std::move(args).error();
  if (!args->positional.empty())
    return usage("doc ls [--offset N] [--limit N] [--project ID] [--after ID] [--deleted]");
  list_query q;
  auto offset = args->number("--offset", max_u32);
  if (!offset) return std::move(offset).error();
  if (*offset) q.offset = static_cast<uint32_t>(**offset);
  auto limit = args->number("--limit", max_u32);
  if (!limit) return std::move(limit).error();
  if (*limit) q.limit = static_cast<uint32_t>(**limit);
  if (const auto* p = args->value("--project")) q.project_id = *p;
  if (const auto* a = args->value("--after")) q.after_id = *a;  // keyset: no offset cap
  q.include_deleted = args->has("--deleted");
  auto page = ask_docs<document_page>(ctx, timeout, list_atom::value, q);
  if (!page) return std::move(page).error();
  reply r;
  codecs::json_writer w;
  w.begin_object().key("total").value(page->total).key("items").begin_array();
  for (const auto& d : page->items) {
    char line[128];
    std::snprintf(line, sizeof line, "%-36s  v%-4llu %6llu words  ", d.id.c_str(),
                  static_cast<unsigned long long>(d.version),
                  static_cast<unsigned long long>(d.word_count));
    r.text += line + d.title + (d.deleted ? "  (deleted)" : "") + "\n";
    w.begin_object().key("id").value(d.id).key("title").value(d.title);
    w.key("content_type").value(d.content_type).key("version").value(d.version);
    w.key("words").value(d.word_count).key("characters").value(d.character_count);
    w.key("updated_at").value(iso8601_utc(d.updated_at)).key("deleted").value(d.deleted);
    w.end_object();
  }
  w.end_array().end_object();
  r.text +=
      std::to_string(page->items.size()) + " of " + std::to_string(page->total) + " documents\n";
  r.json = w.take();
  return r;
}

result<reply> doc_history(command_context& ctx, const std::vector<std::string>& words) {
  auto args = parse_command_args(words, 2, {"--offset", "--limit"}, {});
  if (!args) return std::move(args).error();
  if (args->positional.size() != 1) return usage("doc history ID [--offset N] [--limit N]");
  history_query q;
  q.id = args->positional[0];
  auto offset = args->number("--offset", max_u32);
  if (!offset) return std::move(offset).error();
  if (*offset) q.offset = static_cast<uint32_t>(**offset);
  auto limit = args->number("--limit", max_u32);
  if (!limit) return std::move(limit).error();
  if (*limit) q.limit = static_cast<uint32_t>(**limit);
  auto revs = ask_docs<std::vector<revision>>(ctx, timeout, history_atom::value, q);
  if (!revs) return std::move(revs).error();
  reply r;
  codecs::json_writer w;
  w.begin_array();
  for (const auto& rev : *revs) {
    r.text += "v" + std::to_string(rev.version) + "  " + iso8601_utc(rev.created_at) + "  " +
              (rev.author.empty() ? "-" : rev.author) + "  \"" + rev.title + "\"  " +
              std::to_string(rev.content.size()) + " bytes\n";
    w.begin_object().key("version").value(rev.version).key("title").value(rev.title);
    w.key("created_at").value(iso8601_utc(rev.created_at)).key("author").value(rev.author);
    w.key("content").value(rev.content).end_object();
  }
  w.end_array();
  r.json = w.take();
  return r;
}

result<reply> doc_restore(command_context& ctx, const std::vector<std::string>& words) {
  auto args = parse_command_args(words, 2, {"--expect-version"}, {});
  if (!args) return std::move(args).error();
  if (args->positional.size() != 2) return usage("doc restore ID VERSION [--expect-version N]");
  restore_cmd cmd;
  cmd.id = args->positional[0];
  auto version = parse_number(args->positional[1], UINT64_MAX, "VERSION");
  if (!version) return std::move(version).error();
  cmd.version = *version;
  auto expected = args->number("--expect-version", UINT64_MAX);
  if (!expected) return std::move(expected).error();
  if (*expected) cmd.expected_version = **expected;
  cmd.author = "shell";
  auto doc = ask_docs<document>(ctx, timeout, restore_atom::value, std::move(cmd));
  if (!doc) return std::move(doc).error();
  return document_reply(*doc, "restored v" + std::to_string(*version) + " as");
}

result<reply> doc_search(command_context& ctx, const std::vector<std::string>& words) {
  auto args = parse_command_args(words, 2, {"--limit"}, {});
  if (!args) return std::move(args).error();
  if (args->positional.empty()) return usage("doc search QUERY [--limit N]");
  std::string query;
  for (const auto& p : args->positional) query += (query.empty() ? "" : " ") + p;
  auto limit = args->number("--limit", 1000);
  if (!limit) return std::move(limit).error();
  uint32_t n = *limit ? static_cast<uint32_t>(**limit) : 20;
  auto hits = ask_docs<std::vector<search_hit>>(ctx, timeout, search_atom::value, query, n);
  if (!hits) return std::move(hits).error();
  reply r;
  codecs::json_writer w;
  w.begin_array();
  for (const auto& h : *hits) {
    r.text += h.document_id + "  " + h.title + "\n    " + h.snippet + "\n";
    w.begin_object().key("id").value(h.document_id).key("title").value(h.title);
    w.key("snippet").value(h.snippet).key("rank").value(h.rank).end_object();
  }
  w.end_array();
  if (hits->empty()) r.text = "no matches\n";
  r.json = w.take();
  return r;
}

result<reply> doc_stats(command_context& ctx, const std::vector<std::string>& words) {
  auto args = parse_command_args(words, 2, {}, {});
  if (!args) return std::move(args).error();
  if (args->positional.size() != 1) return usage("doc stats ID");
  auto st = ask_docs<text_stats>(ctx, timeout, stats_atom::value, args->positional[0]);
  if (!st) return std::move(st).error();
  char text[512];
  std::snprintf(text, sizeof text,
                "words %llu, characters %llu, sentences %llu, paragraphs %llu\n"
                "reading time %.0f s, Flesch reading ease %.1f, grade %.1f\n",
                static_cast<unsigned long long>(st->words),
                static_cast<unsigned long long>(st->characters),
                static_cast<unsigned long long>(st->sentences),
                static_cast<unsigned long long>(st->paragraphs), st->reading_time_seconds,
                st->flesch_reading_ease, st->flesch_kincaid_grade);
  codecs::json_writer w;
  w.begin_object();
  w.key("words").value(st->words).key("characters").value(st->characters);
  w.key("graphemes").value(st->graphemes).key("sentences").value(st->sentences);
  w.key("paragraphs").value(st->paragraphs).key("syllables").value(st->syllables);
  w.key("reading_time_seconds").value(st->reading_time_seconds);
  w.key("flesch_reading_ease").value(st->flesch_reading_ease);
  w.key("flesch_kincaid_grade").value(st->flesch_kincaid_grade);
  w.end_object();
  return reply{text, w.take()};
}

// Draws the bar in place on the terminal; the caller clears the line at the end. In a
// cluster each member's export reports its own count: the bar shows their sums.
caf::behavior progress_listener(caf::event_based_actor* self, std::FILE* out, bool draw) {
  auto counts = std::make_shared<std::map<caf::actor_addr, file_progress>>();
  return {
      [=](file_progress& p) {
        if (!draw) return;
        (*counts)[caf::actor_cast<caf::actor_addr>(self->current_sender())] = p;
        uint64_t done = 0;
        uint64_t total = 0;
        for (const auto& [sender, progress] : *counts) {
          done += progress.done;
          total += progress.total;
        }
        double fraction =
            total ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total)) : 0;
        auto bar = cli::render_progress_bar(fraction, 30);
        std::fprintf(out, "\r\033[K%s %llu/%llu %s", bar.c_str(),
                     static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                     p.current_file.c_str());
        std::fflush(out);
      },
  };
}

// Runs one import or export with a progress listener: Ctrl-C kills the listener, and the
// job, seeing it gone, stops and answers what it did.
template <class Report, class Atom>
result<Report> run_file_job(command_context& ctx, Atom atom, const std::string& folder) {
  bool draw = ctx.opts.tty_out && !ctx.opts.json;
  auto& sys = ctx.conn.system();
  auto listener = sys.spawn(progress_listener, ctx.out, draw);
  result<Report> report = failure{errc::internal, "no report"};
  {
    interrupt_watcher::scope on_interrupt{
        ctx.irq, [listener] { caf::anon_send_exit(listener, caf::exit_reason::user_shutdown); }};
    report = ask_docs<Report>(ctx, long_timeout, atom, folder,
                              caf::actor_cast<progress_listener_actor>(listener));
  }
  {
    // Let the listener draw what it still holds before the line is cleared.
    caf::scoped_actor self{sys};
    self->monitor(listener);
    self->send_exit(listener, caf::exit_reason::user_shutdown);
    self->receive([](caf::down_msg&) {});
  }
  if (draw) std::fputs("\r\033[K", ctx.out);
  return report;
}

result<reply> doc_import(command_context& ctx, const std::vector<std::string>& words) {
  auto args = parse_command_args(words, 2, {}, {});
  if (!args) return std::move(args).error();
  if (args->positional.size() != 1) return usage("doc import DIR");
  auto report = run_file_job<import_report>(ctx, import_atom::value, args->positional[0]);
  if (!report) return std::move(report).error();
  reply r;
  codecs::json_writer w;
  w.begin_object().key("imported").begin_array();
  for (const auto& f : report->imported) {
    r.text += "imported " + f.path + " -> " + f.document_id + "\n";
    w.begin_object().key("path").value(f.path).key("id").value(f.document_id).end_object();
  }
  w.end_array().key("skipped").begin_array();
  for (const auto& f : report->skipped) {
    r.text += "skipped  " + f.path + ": " + f.reason + "\n";
    w.begin_object().key("path").value(f.path).key("reason").value(f.reason).end_object();
  }
  w.end_array().end_object();
  r.text += std::to_string(report->imported.size()) + " imported, " +
            std::to_string(report->skipped.size()) + " skipped\n";
  r.json = w.take();
  return r;
}

result<reply> doc_export(command_context& ctx, const std::vector<std::string>& words) {
  auto args = parse_command_args(words, 2, {}, {});
  if (!args) return std::move(args).error();
  if (args->positional.size() != 1) return usage("doc export DIR");
  auto report = run_file_job<export_report>(ctx, export_atom::value, args->positional[0]);
  if (!report) return std::move(report).error();
  reply r;
  codecs::json_writer w;
  w.begin_object().key("files").begin_array();
  for (const auto& f : report->files) w.value(f);
  w.end_array().key("truncated").value(report->truncated);
  w.key("cancelled").value(report->cancelled).end_object();
  r.text = "exported " + std::to_string(report->files.size()) + " documents to " +
           args->positional[0] + (report->truncated ? " (truncated: more documents exist)" : "") +
           (report->cancelled ? " (cancelled)" : "") + "\n";
  r.json = w.take();
  return r;
}

}  // namespace

result<std::string> document_text(command_context& ctx, const std::string& id) {
  auto doc = ask_docs<document>(ctx, timeout, get_atom::value, id);
  if (!doc) return std::move(doc).error();
  return std::move(doc->content);
}

result<reply> cmd_doc(command_context& ctx, const std::vector<std::string>& words) {
  if (words.size() < 2)
    return failure{
        errc::invalid_input,
        "usage: doc new|get|put|rm|undelete|ls|history|restore|search|stats|import|export ..."};
  using fn = result<reply> (*)(command_context&, const std::vector<std::string>&);
  static const std::pair<std::string_view, fn> subs[] = {
      {"new", doc_new},         {"get", doc_get},           {"put", doc_put},
      {"rm", doc_rm},           {"undelete", doc_undelete}, {"ls", doc_ls},
      {"history", doc_history}, {"restore", doc_restore},   {"search", doc_search},
      {"stats", doc_stats},     {"import", doc_import},     {"export", doc_export},
  };
  for (const auto& [name, f] : subs)
    if (name == words[1]) return f(ctx, words);
  return failure{errc::invalid_input, "unknown subcommand 'doc " + words[1] + "' (see `help doc`)"};
}

}  // namespace wm::shell
